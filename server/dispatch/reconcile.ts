// The dispatcher's safety net at start: subtasks of unfinished tasks that should have a job and
// may not (confirmed before jobs were queued with the confirmation, or in flight when a process
// died). It still reads pg-boss's job table to skip subtasks whose job is queued or retrying.
import type { Sql } from "@/lib/db/client";
import { FINISHED_STATUSES } from "@/lib/tasks/status";

/**
 * Subtasks that should have a job and may not: pending, or dispatched/in progress without the
 * team's acceptance note (a job died mid-flight), in a task not cancelled, with no queued job.
 */
export async function selectUndispatchedSubtasks(
  sql: Sql,
  queue: string,
  taskId?: string,
): Promise<{ id: string; task_id: string }[]> {
  return sql<{ id: string; task_id: string }[]>`
    SELECT s.id::text, s.task_id::text FROM cc_subtasks s JOIN cc_tasks t ON t.id = s.task_id
    WHERE (s.status = 'pending' OR (s.status IN ('dispatched', 'in_progress') AND s.result IS NULL))
      AND t.status NOT IN ${sql(FINISHED_STATUSES)}
      ${taskId ? sql`AND s.task_id = ${taskId}` : sql``}
      AND NOT EXISTS (
        SELECT 1 FROM pgboss.job j
        WHERE j.name = ${queue} AND j.singleton_key = s.id::text AND j.state IN ('created', 'retry'))
    ORDER BY t.created_at, s.position`;
}
