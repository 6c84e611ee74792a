// A confirmed plan becomes a task with one subtask per plan subtask, recorded as well in ELF's
// team_chat_delegations (one row per subtask) so ELF tools see what was delegated.
import type { TransactionSql } from "../db/client";
import type { PlanDraft } from "../protocol";
import { insertTaskEvent } from "../tasks/events";
import { selectActiveTeams, type PlanRow } from "./queries";

export interface CreatedTask {
  taskId: string;
}

export async function createTaskFromPlan(
  tx: TransactionSql,
  input: { plan: PlanRow; version: number; draft: PlanDraft; createdBy: string },
): Promise<CreatedTask> {
  const { plan, draft } = input;
  const teams = await selectActiveTeams(tx, draft.subtasks.map((s) => s.team));
  const [task] = await tx<{ id: string }[]>`
    INSERT INTO cc_tasks (plan_id, plan_version, team_id, title, created_by)
    VALUES (${plan.id}, ${input.version}, ${plan.team_id}, ${draft.title}, ${input.createdBy})
    RETURNING id::text`;
  const taskId = task!.id;
  for (const [position, subtask] of draft.subtasks.entries()) {
    const teamId = teams.get(subtask.team) ?? null;
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO cc_subtasks (task_id, plan_subtask_id, position, team_id, team_name, title, instructions, depends_on)
      VALUES (${taskId}, ${subtask.id}, ${position}, ${teamId}, ${subtask.team}, ${subtask.title}, ${subtask.instructions}, ${tx.array(subtask.depends_on)})
      RETURNING id::text`;
    await tx`
      INSERT INTO team_chat_delegations (session_id, from_team_id, to_team_id, task_specification, status)
      VALUES (${plan.session_id}, ${plan.team_id}, ${teamId},
        ${tx.json({ ...draft, source: "chat_interface", plan_id: plan.id, plan_version: input.version, task_id: taskId, subtask } as never)}, 'pending')`;
    await insertTaskEvent(tx, taskId, row!.id, "created", { team: subtask.team });
  }
  await insertTaskEvent(tx, taskId, null, "created", { plan_id: plan.id, plan_version: input.version });
  return { taskId };
}
