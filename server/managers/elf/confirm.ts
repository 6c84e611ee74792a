// The user's answer to a plan an ELF team server proposed, sent back to that server as ELF expects
// (elf-contract.md §2): POST /chat/delegation/confirm?session_id=…&confirmed=true|false, the body
// being the modifications — the DelegationSpec fields the user changed.
import { isDeepStrictEqual } from "node:util";
import type { PlanDraft } from "@/lib/protocol";
import type { DelegationSpec } from "./frames";
import { answerDelegation, ElfRequestError } from "../../elf/client";

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
  try {
    return await answerDelegation(input.baseUrl, input);
  } catch (error) {
    if (!(error instanceof ElfRequestError)) throw error;
    switch (error.kind) {
      case "unreachable":
      case "timeout":
        throw new TeamServerAnswerError("unreachable", `not reachable: ${error.detail}`);
      case "garbage":
        throw new TeamServerAnswerError(
          "garbage",
          error.detail.startsWith("not ")
            ? `an answer that is ${error.detail}`
            : `an answer that is not ELF's: ${error.detail}`,
        );
      default:
        throw new TeamServerAnswerError(error.kind, error.detail);
    }
  }
}
