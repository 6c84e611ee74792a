// The user's answer to a plan an ELF team server proposed, sent back to that server as ELF expects
// (elf-contract.md §2): POST /chat/delegation/confirm?session_id=…&confirmed=true|false, the body
// being the modifications — the DelegationSpec fields the user changed.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import type { PlanDraft } from "@/lib/protocol";
import type { DelegationSpec } from "./frames";
import { describeFetchFailure } from "../../fetch-failure";
import { elfErrorDetail } from "./error-detail";

const answerSchema = z.discriminatedUnion("status", [
  z.looseObject({
    status: z.literal("delegation_confirmed"),
    task_id: z.union([z.string(), z.number()]).nullish(),
  }),
  z.looseObject({ status: z.literal("delegation_cancelled") }),
]);

/**
 * Why the team server did not take the answer. "refused": it answered 4xx (it forgot the session,
 * or has no plan to confirm) and will not take it later either; the others may pass.
 */
export class TeamServerAnswerError extends Error {
  override name = "TeamServerAnswerError";
  constructor(
    readonly kind: "unreachable" | "failed" | "garbage" | "refused",
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** The plan as ELF's DelegationSpec fields: its subtasks' teams are ELF's suggested_teams. */
function toSpecFields(draft: PlanDraft): Partial<DelegationSpec> {
  return {
    title: draft.title,
    description: draft.description,
    requirements: draft.requirements,
    priority: draft.priority,
    estimated_hours: draft.estimated_hours,
    deadline: draft.deadline,
    chat_summary: draft.chat_summary,
    confidence_level: draft.confidence_level,
    suggested_teams: [...new Set(draft.subtasks.map((s) => s.team))],
    required_skills: draft.required_skills,
    key_decisions: draft.key_decisions,
    constraints: draft.constraints,
    success_criteria: draft.success_criteria,
  };
}

/** The fields of `confirmed` that differ from what the manager proposed (`proposed`). */
export function elfModifications(
  proposed: PlanDraft,
  confirmed: PlanDraft,
): Record<string, unknown> {
  const before = toSpecFields(proposed);
  return Object.fromEntries(
    Object.entries(toSpecFields(confirmed)).filter(
      ([key, value]) => !isDeepStrictEqual(value, before[key as keyof DelegationSpec]),
    ),
  );
}

/** Sends the answer; resolves with ELF's task id for a confirmation, or throws TeamServerAnswerError. */
export async function answerElfDelegation(input: {
  baseUrl: string;
  sessionId: string;
  confirmed: boolean;
  modifications: Record<string, unknown>;
  timeoutMs?: number;
}): Promise<{ taskId: string | null }> {
  const url = new URL("/chat/delegation/confirm", input.baseUrl.replace(/\/+$/, "") + "/");
  url.searchParams.set("session_id", input.sessionId);
  url.searchParams.set("confirmed", String(input.confirmed));
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(input.modifications),
      signal: AbortSignal.timeout(input.timeoutMs ?? 30_000),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new TeamServerAnswerError("unreachable", `not reachable: ${describeFetchFailure(error)}`);
  }
  if (status >= 500)
    throw new TeamServerAnswerError("failed", `HTTP ${status}: ${elfErrorDetail(text)}`);
  if (status >= 400)
    throw new TeamServerAnswerError("refused", `HTTP ${status}: ${elfErrorDetail(text)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TeamServerAnswerError(
      "garbage",
      `an answer that is not JSON: ${JSON.stringify(text.slice(0, 60))}`,
    );
  }
  const answer = answerSchema.safeParse(json);
  const expected = input.confirmed ? "delegation_confirmed" : "delegation_cancelled";
  if (!answer.success || answer.data.status !== expected) {
    throw new TeamServerAnswerError(
      "garbage",
      `an answer that is not ELF's ${expected}: ${JSON.stringify(json).slice(0, 120)}`,
    );
  }
  return {
    taskId:
      "task_id" in answer.data && answer.data.task_id != null ? String(answer.data.task_id) : null,
  };
}
