// The subtask store, read and written by the dispatcher: every subtask change comes with its
// timeline event and the task's recomputed status, in one transaction; callers notify listeners
// after it commits.
import "server-only";
import type { Db, Sql } from "../db/client";
import { insertTaskEvent } from "./events";
import {
  aggregateTaskStatus,
  canTransition,
  isFinished,
  type SiblingSubtask,
  type TaskStatus,
} from "./status";

export interface SubtaskRow {
  id: string;
  task_id: string;
  plan_subtask_id: string;
  team_id: string | null;
  team_name: string;
  title: string;
  instructions: string;
  depends_on: string[];
  status: TaskStatus;
  attempts: number;
  result: string | null;
  error: string | null;
  task_status: TaskStatus;
  plan_id: string;
  plan_version: number;
  /** The team whose manager proposed the plan. */
  plan_team: string | null;
}

/** The subtask with what dispatching it needs to know about its task; locked when `lock` is set. */
export async function selectSubtask(
  sql: Db,
  subtaskId: string,
  lock = false,
): Promise<SubtaskRow | null> {
  // The task is locked before the subtask, as cancelTask locks them: `FOR UPDATE OF s, t` alone
  // takes the subtask first, and a cancel holding the task then waited on it in a cycle
  // (PostgreSQL's "deadlock detected", seen in CI).
  if (lock)
    await sql`
      SELECT 1 FROM cc_tasks WHERE id = (SELECT task_id FROM cc_subtasks WHERE id = ${subtaskId})
      FOR UPDATE`;
  const [row] = await sql<SubtaskRow[]>`
    SELECT s.id::text, s.task_id::text, s.plan_subtask_id, s.team_id::text, s.team_name, s.title, s.instructions,
      s.depends_on, s.status, s.attempts, s.result, s.error,
      t.status AS task_status, t.plan_id::text, t.plan_version, pt.name AS plan_team
    FROM cc_subtasks s JOIN cc_tasks t ON t.id = s.task_id LEFT JOIN teams pt ON pt.id = t.team_id
    WHERE s.id = ${subtaskId} ${lock ? sql`FOR UPDATE OF s, t` : sql``}`;
  return row ?? null;
}

export async function selectSiblings(sql: Db, taskId: string): Promise<SiblingSubtask[]> {
  const rows = await sql<
    { plan_subtask_id: string; title: string; status: TaskStatus; error: string | null }[]
  >`
    SELECT plan_subtask_id, title, status, error FROM cc_subtasks WHERE task_id = ${taskId}`;
  return rows.map((r) => ({
    planSubtaskId: r.plan_subtask_id,
    title: r.title,
    status: r.status,
    error: r.error,
  }));
}

/** Sets the task's status from its subtasks'; records the change and when it finished. */
export async function refreshTaskStatus(sql: Db, taskId: string): Promise<TaskStatus> {
  const subtasks = await sql<
    { status: TaskStatus }[]
  >`SELECT status FROM cc_subtasks WHERE task_id = ${taskId} ORDER BY position`;
  const status = aggregateTaskStatus(subtasks.map((s) => s.status));
  const [changed] = await sql<{ id: string }[]>`
    UPDATE cc_tasks SET status = ${status}, finished_at = ${isFinished(status) ? sql`coalesce(finished_at, now())` : null}
    WHERE id = ${taskId} AND status <> ${status} RETURNING id::text`;
  if (changed) await insertTaskEvent(sql, taskId, null, "status_changed", { status });
  return status;
}

export interface SubtaskChange {
  status: TaskStatus;
  result?: string | null;
  error?: string | null;
  countAttempt?: boolean;
  event: { kind: string; detail: Record<string, unknown> };
}

/**
 * Applies a change to a subtask locked by the caller's transaction, unless the lifecycle forbids
 * it (a subtask cancelled meanwhile stays cancelled). Returns whether it applied.
 */
export async function changeSubtask(
  sql: Db,
  row: SubtaskRow,
  change: SubtaskChange,
): Promise<boolean> {
  if (!canTransition(row.status, change.status)) return false;
  await sql`
    UPDATE cc_subtasks SET status = ${change.status},
      result = ${change.result === undefined ? sql`result` : change.result},
      error = ${change.error === undefined ? sql`error` : change.error},
      attempts = attempts + ${change.countAttempt ? 1 : 0}
    WHERE id = ${row.id}`;
  await insertTaskEvent(sql, row.task_id, row.id, change.event.kind, change.event.detail);
  await refreshTaskStatus(sql, row.task_id);
  return true;
}

/** The team said it started on the subtask; false when the subtask has moved on meanwhile. */
export async function markSubtaskInProgress(
  sql: Sql,
  subtaskId: string,
  detail: Record<string, unknown>,
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const row = await selectSubtask(tx, subtaskId, true);
    if (!row || row.status !== "dispatched") return false;
    return changeSubtask(tx, row, {
      status: "in_progress",
      event: { kind: "in_progress", detail },
    });
  });
}

/** The A2A task an agent opened for this subtask in an earlier attempt, if it said so. */
export async function selectReportedA2aTask(sql: Db, subtaskId: string): Promise<string | null> {
  const [row] = await sql<{ a2a_task_id: string }[]>`
    SELECT detail->>'a2a_task_id' AS a2a_task_id FROM cc_task_events
    WHERE subtask_id = ${subtaskId} AND kind = 'in_progress' AND detail ? 'a2a_task_id'
    ORDER BY id DESC LIMIT 1`;
  return row?.a2a_task_id ?? null;
}
