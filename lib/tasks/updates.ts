// Task progress, as pushed to chats and /tasks: whoever changes a task calls notifyTaskUpdated
// (on the change bus, so every Control Center instance hears it) and listeners load the update.
import "server-only";
import type { Db, Sql } from "../db/client";
import { publishChange } from "../events/bus";
import { taskUpdateSchema, type TaskUpdate } from "../protocol";

export async function notifyTaskUpdated(sql: Db, taskId: string): Promise<void> {
  await publishChange(sql, { type: "task_updated", task_id: taskId });
}

/** The task with its subtasks and the session that created it, or null. */
export async function loadTaskUpdate(
  sql: Sql,
  taskId: string,
): Promise<{ sessionId: string; update: TaskUpdate } | null> {
  const [row] = await sql`
    SELECT t.id::text AS task_id, t.plan_id::text, t.title, t.status, t.updated_at, p.session_id::text,
      coalesce((SELECT json_agg(json_build_object('id', s.id::text, 'team', s.team_name, 'title', s.title,
        'status', s.status, 'detail', coalesce(s.error, s.result)) ORDER BY s.position)
        FROM cc_subtasks s WHERE s.task_id = t.id), '[]'::json) AS subtasks
    FROM cc_tasks t JOIN cc_delegation_plans p ON p.id = t.plan_id
    WHERE t.id = ${taskId}`;
  if (!row) return null;
  const { session_id, updated_at, ...rest } = row as {
    session_id: string;
    updated_at: Date;
  } & Record<string, unknown>;
  return {
    sessionId: session_id,
    update: taskUpdateSchema.parse({ ...rest, updated_at: updated_at.toISOString() }),
  };
}
