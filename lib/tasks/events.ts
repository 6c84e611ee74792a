import "server-only";
import type { Db } from "../db/client";

export interface TaskEventInput {
  taskId: string;
  subtaskId: string | null;
  kind: string;
  detail: Record<string, unknown>;
}

/** Appends to a task's timeline (cc_task_events). */
export async function insertTaskEvent(
  sql: Db,
  taskId: string,
  subtaskId: string | null,
  kind: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await sql`INSERT INTO cc_task_events (task_id, subtask_id, kind, detail) VALUES (${taskId}, ${subtaskId}, ${kind}, ${sql.json(detail as never)})`;
}

/** Appends several events in one statement, in the order given (the timeline is ordered by id). */
export async function insertTaskEvents(sql: Db, events: readonly TaskEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e, n) => ({
    n,
    task_id: e.taskId,
    subtask_id: e.subtaskId,
    kind: e.kind,
    detail: e.detail,
  }));
  await sql`
    INSERT INTO cc_task_events (task_id, subtask_id, kind, detail)
    SELECT x.task_id, x.subtask_id, x.kind, x.detail
    FROM jsonb_to_recordset(${sql.json(rows as never)}) AS x(n int, task_id uuid, subtask_id uuid, kind text, detail jsonb)
    ORDER BY x.n`;
}
