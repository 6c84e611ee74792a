// Cancelling a task that has not finished: its open subtasks stop here. Work already handed to a
// team server may go on there — ELF has no way to withdraw a task — and the timeline says so.
import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { Role } from "../auth/roles";
import type { Sql } from "../db/client";
import type { Actor } from "../delegation/service";
import { AppError } from "../errors";
import { insertTaskEvents } from "./events";
import { isFinished, OPEN_STATUSES, type TaskStatus } from "./status";
import { notifyTaskUpdated } from "./updates";

/** Who may cancel a task: anyone who may start one. Viewers only read. */
export const CANCEL_ROLES = ["admin", "user"] as const satisfies readonly Role[];

export async function cancelTask(
  sql: Sql,
  taskId: string,
  actor: Actor,
): Promise<{ status: TaskStatus; cancelledSubtasks: number }> {
  if (!z.uuid().safeParse(taskId).success)
    throw new AppError("not_found", "This task does not exist.", "task_not_found");
  const outcome = await sql.begin(async (tx) => {
    const [task] = await tx<
      { id: string; status: TaskStatus; title: string; team_id: string | null }[]
    >`
      SELECT id::text, status, title, team_id::text FROM cc_tasks
      WHERE id = ${taskId} FOR UPDATE`;
    if (!task) throw new AppError("not_found", "This task does not exist.", "task_not_found");
    if (isFinished(task.status))
      throw new AppError(
        "conflict",
        `This task has already finished (${task.status.replace("_", " ")}); it cannot be cancelled.`,
        "task_finished",
      );
    const cancelled = await tx<{ id: string; previous: TaskStatus }[]>`
      UPDATE cc_subtasks s SET status = 'cancelled'
      FROM (SELECT id, status FROM cc_subtasks WHERE task_id = ${task.id} AND status IN ${tx(OPEN_STATUSES)} FOR UPDATE) old
      WHERE s.id = old.id
      RETURNING s.id::text, old.status AS previous`;
    // Cancelled by a person, whatever its subtasks had come to: the task ends here.
    await tx`UPDATE cc_tasks SET status = 'cancelled', finished_at = now() WHERE id = ${task.id}`;
    await insertTaskEvents(tx, [
      ...cancelled.map((subtask) => ({
        taskId: task.id,
        subtaskId: subtask.id,
        kind: "cancelled",
        detail: {
          by: actor.email,
          previous: subtask.previous,
          ...(subtask.previous !== "pending"
            ? { note: "It had already been handed to its team, which may still work on it." }
            : {}),
        },
      })),
      { taskId: task.id, subtaskId: null, kind: "cancelled", detail: { by: actor.email } },
      { taskId: task.id, subtaskId: null, kind: "status_changed", detail: { status: "cancelled" } },
    ]);
    await recordAudit(tx, {
      teamId: task.team_id,
      action: "task_cancelled",
      description: `Cancelled task "${task.title}"`,
      performedBy: actor.email,
      details: { task_id: task.id, cancelled_subtasks: cancelled.length },
    });
    return { status: "cancelled" as const, cancelledSubtasks: cancelled.length };
  });
  await notifyTaskUpdated(sql, taskId);
  return outcome;
}
