import type { Db } from "../db/client";

/** Appends to a task's timeline (cc_task_events). */
export async function insertTaskEvent(sql: Db, taskId: string, subtaskId: string | null, kind: string, detail: Record<string, unknown>): Promise<void> {
  await sql`INSERT INTO cc_task_events (task_id, subtask_id, kind, detail) VALUES (${taskId}, ${subtaskId}, ${kind}, ${sql.json(detail as never)})`;
}
