// Task progress, from any instance, pushed to the chat session that created the task.
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import { subscribeChanges } from "@/lib/events/bus";
import { loadTaskUpdate } from "@/lib/tasks/updates";
import { sessionRoom } from "./rooms";
import type { ChatNamespace } from "./types";

/** Listens on the change bus; resolves with the function that stops listening. */
export function pushTaskUpdates(deps: {
  sql: Sql;
  logger: Logger;
  chat: ChatNamespace;
}): Promise<() => Promise<void>> {
  const { sql, logger, chat } = deps;
  return subscribeChanges(sql, (event) => {
    if (event.type !== "task_updated") return;
    const taskId = event.task_id;
    loadTaskUpdate(sql, taskId)
      .then(
        (task) => task && chat.to(sessionRoom(task.sessionId)).emit("task:updated", task.update),
      )
      .catch((error: unknown) =>
        logger.error({ err: error, taskId }, "could not push a task update"),
      );
  });
}
