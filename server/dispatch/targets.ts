// Where a subtask goes and how it is handed over: an ELF team server by `POST /task`
// (elf-contract.md §2), a team's A2A agent (./a2a-target), or the team's built-in manager — a
// language model when one is configured, otherwise an honest "accepted and queued", never a
// made-up result.
import { APICallError, generateText } from "ai";
import type { Db, Sql } from "@/lib/db/client";
import type { PlanDraft } from "@/lib/protocol";
import { loadTeamProfile } from "@/lib/teams/profile";
import { resolveTeamServerUrl, selectManagerEndpoint } from "@/lib/teams/queries";
import type { LlmConfig } from "@/server/managers/llm/provider";
import { dispatchToA2a } from "./a2a-target";
import { describeSubtask } from "./brief";
import type { TaskResponse } from "@/lib/protocol/elf";
import { ElfRequestError, postTask } from "../elf/client";
import { DispatchError, interruption } from "./errors";
import { selectReportedA2aTask, type SubtaskRow } from "@/lib/tasks/subtasks";

export type Target =
  { kind: "elf"; url: string } | { kind: "a2a"; url: string } | { kind: "builtin" };

export type DispatchOutcome =
  | { kind: "completed"; result: string }
  | { kind: "accepted"; note: string }
  /** The team's agent cancelled the work itself. */
  | { kind: "cancelled"; reason: string };

export async function resolveTarget(
  sql: Db,
  teamServerUrls: Record<string, string>,
  subtask: SubtaskRow,
): Promise<Target> {
  const url = await resolveTeamServerUrl(sql, teamServerUrls, {
    id: subtask.team_id,
    name: subtask.team_name,
  });
  if (url) return { kind: "elf", url };
  const endpoint = subtask.team_id ? await selectManagerEndpoint(sql, subtask.team_id) : null;
  return endpoint?.kind === "a2a" && endpoint.url
    ? { kind: "a2a", url: endpoint.url }
    : { kind: "builtin" };
}

/** ELF's `timeout`: the subtask's estimate, else the plan's, else an hour; never past our own limit. */
export function elfTimeoutSeconds(
  estimatedHours: number | null | undefined,
  limitSeconds: number,
): number {
  const fromEstimate = estimatedHours ? Math.round(estimatedHours * 3600) : 3600;
  return Math.max(1, Math.min(fromEstimate, limitSeconds, 86_400));
}

export interface DispatchInput {
  subtask: SubtaskRow;
  draft: PlanDraft | null;
  signal: AbortSignal;
  timeoutSeconds: number;
  /** The team has started on it (A2A agents say so before they finish). */
  onProgress?: (detail: Record<string, unknown>) => Promise<void>;
}

export async function dispatchToElf(url: string, input: DispatchInput): Promise<DispatchOutcome> {
  const { subtask, draft } = input;
  const planSubtask = draft?.subtasks.find((s) => s.id === subtask.plan_subtask_id) ?? null;
  const body = {
    from_agent: `${subtask.plan_team ?? "control-center"} manager`,
    to_agent: `${subtask.team_name} manager`,
    task_type: "delegated_from_chat",
    task_description: subtask.instructions,
    context: {
      plan: draft,
      subtask: planSubtask ?? { id: subtask.plan_subtask_id, title: subtask.title },
      task_id: subtask.task_id,
      plan_version: subtask.plan_version,
    },
    timeout: elfTimeoutSeconds(
      planSubtask?.estimated_hours ?? draft?.estimated_hours,
      input.timeoutSeconds,
    ),
  };
  let answer: TaskResponse;
  try {
    answer = await postTask(url, body, { signal: input.signal, timeoutMs: 86_400_000 });
  } catch (error) {
    if (!(error instanceof ElfRequestError)) throw error;
    switch (error.kind) {
      case "unreachable":
      case "timeout":
        interruption(input.signal, `team server at ${url}`, input.timeoutSeconds);
        throw new DispatchError(true, `team server at ${url} not reachable`, error.detail);
      case "failed":
        throw new DispatchError(true, `team server at ${url} failed`, error.detail);
      case "refused":
        throw new DispatchError(false, `team server at ${url} refused the task`, error.detail);
      case "garbage":
        throw new DispatchError(
          false,
          `team server at ${url} answered with something that is not an ELF task response`,
          error.detail,
        );
    }
  }
  if (answer.status === "completed") return { kind: "completed", result: answer.result ?? "" };
  if (answer.status === "failed" || answer.status === "error") {
    throw new DispatchError(
      false,
      `${subtask.team_name} could not do the task`,
      answer.result || "no reason given",
    );
  }
  const note =
    answer.result ||
    `Accepted by ${subtask.team_name} (${answer.status}${answer.request_id ? `, request ${answer.request_id}` : ""}); no result yet.`;
  return { kind: "accepted", note };
}

/** Hands the subtask to `target`; throws DispatchError when that did not work. */
export function dispatchTo(
  sql: Sql,
  llm: LlmConfig | null,
  target: Target,
  input: DispatchInput,
): Promise<DispatchOutcome> {
  if (target.kind === "elf") return dispatchToElf(target.url, input);
  if (target.kind === "a2a")
    return selectReportedA2aTask(sql, input.subtask.id).then((earlier) =>
      dispatchToA2a(target.url, input, earlier),
    );
  return dispatchToBuiltin(sql, llm, input);
}

export const noModelNote = (team: string) =>
  `Accepted by ${team}; queued for its built-in manager. No language model is configured, so no work is produced automatically.`;

export async function dispatchToBuiltin(
  sql: Sql,
  llm: LlmConfig | null,
  input: DispatchInput,
): Promise<DispatchOutcome> {
  const { subtask } = input;
  if (!llm) return { kind: "accepted", note: noModelNote(subtask.team_name) };
  const team = await loadTeamProfile(sql, subtask.team_name);
  const system = [
    `You are the ${team?.manager_role ?? "manager"} of ${team?.display_name ?? subtask.team_name} (${subtask.team_name}) in ELF Automations.`,
    team ? `Your team's purpose: ${team.purpose}` : "",
    "Work delegated to your team has been confirmed. Carry it out and answer with the work itself,",
    "in concise Markdown. If you cannot do it, or only part of it, say so plainly; never claim work",
    "that was not done.",
  ]
    .filter(Boolean)
    .join("\n\n");
  const prompt = describeSubtask(input);
  try {
    const { text } = await generateText({
      model: llm.model,
      system,
      prompt,
      abortSignal: input.signal,
      maxRetries: 0,
    });
    return { kind: "completed", result: text };
  } catch (error) {
    if (input.signal.aborted) {
      const timedOut =
        input.signal.reason instanceof DOMException && input.signal.reason.name === "TimeoutError";
      throw new DispatchError(
        true,
        timedOut ? `the language model (${llm.label}) did not answer` : "dispatch interrupted",
        timedOut
          ? `no answer within ${input.timeoutSeconds} seconds`
          : "the Control Center is stopping",
      );
    }
    // Provider messages may echo parts of keys: only the status goes into the stored reason.
    if (APICallError.isInstance(error)) {
      const retryable = error.isRetryable || error.statusCode === undefined;
      throw new DispatchError(
        retryable,
        `the language model (${llm.label}) failed`,
        error.statusCode ? `HTTP ${error.statusCode}` : "not reachable",
      );
    }
    throw new DispatchError(true, `the language model (${llm.label}) failed`, "no answer");
  }
}
