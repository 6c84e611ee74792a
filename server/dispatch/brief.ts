// What a team is told about a subtask, in words: the same brief for a built-in manager's model
// and an A2A agent.
import type { DispatchInput } from "./targets";

export function describeSubtask({
  subtask,
  draft,
}: Pick<DispatchInput, "subtask" | "draft">): string {
  return [
    `Subtask: ${subtask.title}`,
    `Instructions: ${subtask.instructions}`,
    draft ? `It is part of the plan "${draft.title}", whose objective is: ${draft.objective}` : "",
    draft?.success_criteria.length ? `Success criteria: ${draft.success_criteria.join("; ")}` : "",
    draft?.constraints.length ? `Constraints: ${draft.constraints.join("; ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
