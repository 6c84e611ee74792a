// A confirmed plan becomes a task with one subtask per plan subtask, recorded as well in ELF's
// team_chat_delegations (one row per subtask) so ELF tools see what was delegated. Confirmation
// holds the plan's lock, so each table gets one statement whatever the number of subtasks.
import "server-only";
import type { TransactionSql } from "../db/client";
import type { PlanDraft } from "../protocol";
import { insertTaskEvents } from "../tasks/events";
import { selectActiveTeams, type PlanRow } from "./queries";

export interface CreatedTask {
  taskId: string;
  /** Its subtasks' ids, in the plan's order. */
  subtaskIds: string[];
}

export async function createTaskFromPlan(
  tx: TransactionSql,
  input: { plan: PlanRow; version: number; draft: PlanDraft; createdBy: string },
): Promise<CreatedTask> {
  const { plan, draft } = input;
  const teams = await selectActiveTeams(
    tx,
    draft.subtasks.map((s) => s.team),
  );
  const [task] = await tx<{ id: string }[]>`
    INSERT INTO cc_tasks (plan_id, plan_version, team_id, title, created_by)
    VALUES (${plan.id}, ${input.version}, ${plan.team_id}, ${draft.title}, ${input.createdBy})
    RETURNING id::text`;
  const taskId = task!.id;
  const rows = draft.subtasks.map((subtask, position) => ({
    position,
    plan_subtask_id: subtask.id,
    team_id: teams.get(subtask.team) ?? null,
    team_name: subtask.team,
    title: subtask.title,
    instructions: subtask.instructions,
    depends_on: subtask.depends_on,
  }));
  const inserted = await tx<{ id: string; plan_subtask_id: string }[]>`
    INSERT INTO cc_subtasks (task_id, plan_subtask_id, position, team_id, team_name, title, instructions, depends_on)
    SELECT ${taskId}, x.plan_subtask_id, x.position, x.team_id, x.team_name, x.title, x.instructions, x.depends_on
    FROM jsonb_to_recordset(${tx.json(rows as never)}) AS x(position int, plan_subtask_id text, team_id uuid, team_name text, title text, instructions text, depends_on text[])
    ORDER BY x.position
    RETURNING id::text, plan_subtask_id`;
  const delegations = rows.map(({ position, team_id }) => ({
    position,
    team_id,
    specification: {
      ...draft,
      source: "chat_interface",
      plan_id: plan.id,
      plan_version: input.version,
      task_id: taskId,
      subtask: draft.subtasks[position],
    },
  }));
  await tx`
    INSERT INTO team_chat_delegations (session_id, from_team_id, to_team_id, task_specification, status)
    SELECT ${plan.session_id}, ${plan.team_id}, x.team_id, x.specification, 'pending'
    FROM jsonb_to_recordset(${tx.json(delegations as never)}) AS x(position int, team_id uuid, specification jsonb)
    ORDER BY x.position`;
  const idOf = new Map(inserted.map((row) => [row.plan_subtask_id, row.id]));
  await insertTaskEvents(tx, [
    ...draft.subtasks.map((subtask) => ({
      taskId,
      subtaskId: idOf.get(subtask.id)!,
      kind: "created",
      detail: { team: subtask.team },
    })),
    {
      taskId,
      subtaskId: null,
      kind: "created",
      detail: { plan_id: plan.id, plan_version: input.version },
    },
  ]);
  return { taskId, subtaskIds: draft.subtasks.map((subtask) => idOf.get(subtask.id)!) };
}

/**
 * A plan an ELF team server proposed and then accepted at confirmation is that server's to carry
 * out: ELF's manager delegates it to the suggested teams itself. Dispatching the subtasks from
 * here as well would do the work twice, so they are recorded as handed over, honestly labelled,
 * and the dispatcher leaves them alone.
 */
export async function handTaskToTeamServer(
  tx: TransactionSql,
  taskId: string,
  teamServer: { url: string; task_id?: unknown },
): Promise<void> {
  const note = `Handed to the team server at ${teamServer.url} with the confirmation${typeof teamServer.task_id === "string" ? ` (its task ${teamServer.task_id})` : ""}; its manager delegates the work, as ELF does. The team server reports no progress back here.`;
  const subtasks = await tx<{ id: string }[]>`
    UPDATE cc_subtasks SET status = 'dispatched', result = ${note} WHERE task_id = ${taskId} RETURNING id::text`;
  await tx`UPDATE cc_tasks SET status = 'dispatched' WHERE id = ${taskId}`;
  await tx`UPDATE team_chat_delegations SET status = 'sent' WHERE task_specification->>'task_id' = ${taskId}`;
  await insertTaskEvents(tx, [
    ...subtasks.map((subtask) => ({
      taskId,
      subtaskId: subtask.id,
      kind: "accepted",
      detail: { note },
    })),
    { taskId, subtaskId: null, kind: "status_changed", detail: { status: "dispatched" } },
  ]);
}
