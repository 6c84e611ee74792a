// What changed between two versions of a plan, in a few words each ("Deadline", "Success
// criteria: 1 added"), so a superseded version can collapse to the difference.
import type { PlanDraft } from "@/lib/protocol";

function listChange(name: string, before: string[], after: string[]): string | null {
  const added = after.filter((item) => !before.includes(item)).length;
  const removed = before.filter((item) => !after.includes(item)).length;
  if (added === 0 && removed === 0) return null;
  const parts = [added && `${added} added`, removed && `${removed} removed`].filter(Boolean);
  return `${name}: ${parts.join(", ")}`;
}

export function planChanges(before: PlanDraft, after: PlanDraft): string[] {
  const changes: (string | null)[] = [
    before.title !== after.title ? `Title: “${after.title}”` : null,
    before.objective !== after.objective ? "Objective" : null,
    before.description !== after.description ? "Description" : null,
    before.priority !== after.priority ? `Priority: ${before.priority} → ${after.priority}` : null,
    before.deadline !== after.deadline ? (after.deadline ? "Deadline" : "Deadline removed") : null,
    before.estimated_hours !== after.estimated_hours ? "Estimated hours" : null,
    listChange("Success criteria", before.success_criteria, after.success_criteria),
    listChange("Constraints", before.constraints, after.constraints),
  ];
  const beforeSubtasks = new Map(before.subtasks.map((s) => [s.id, s]));
  const afterIds = new Set(after.subtasks.map((s) => s.id));
  for (const subtask of after.subtasks) {
    const old = beforeSubtasks.get(subtask.id);
    if (!old) changes.push(`Subtask added: “${subtask.title}”`);
    else if (old.team !== subtask.team)
      changes.push(`“${subtask.title}” now goes to ${subtask.team}`);
    else if (
      old.title !== subtask.title ||
      old.instructions !== subtask.instructions ||
      old.estimated_hours !== subtask.estimated_hours ||
      old.depends_on.join() !== subtask.depends_on.join()
    )
      changes.push(`Subtask “${subtask.title}” edited`);
  }
  for (const subtask of before.subtasks)
    if (!afterIds.has(subtask.id)) changes.push(`Subtask removed: “${subtask.title}”`);
  return changes.filter((change): change is string => change !== null);
}
