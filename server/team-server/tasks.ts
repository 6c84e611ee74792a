// POST /task: ELF's A2A request, run through the team's manager. A manager that cannot do work
// (the offline planner) accepts and queues it, and says so; it never makes up a result.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { TeamProfile } from "@/lib/teams/profile";
import { ManagerUnavailableError, type TeamManager } from "@/server/managers/types";
import { HttpError, type JsonReply } from "./http";
import type { TaskRequest, TaskResponse } from "@/lib/protocol/elf";
import type { TeamServerState } from "./state";

export interface TaskDeps {
  profile: TeamProfile;
  manager: TeamManager;
  state: TeamServerState;
  logger: Logger;
}

function describeTask(task: TaskRequest): string {
  const context =
    Object.keys(task.context).length > 0
      ? `\n\nContext:\n${JSON.stringify(task.context, null, 2)}`
      : "";
  return `Task from ${task.from_agent} (${task.task_type}):\n${task.task_description}${context}`;
}

async function runWithManager(
  task: TaskRequest,
  requestId: string,
  deps: TaskDeps,
): Promise<string> {
  const connection = await deps.manager.open({
    team: deps.profile,
    user: { id: task.from_agent, role: "agent" },
    sessionId: requestId,
  });
  try {
    const signal = AbortSignal.timeout(task.timeout * 1000);
    let streamed = "";
    for await (const event of connection.reply(
      [{ role: "user", content: describeTask(task) }],
      signal,
    )) {
      if (event.type === "delta") streamed += event.text;
      if (event.type === "done") return event.content;
    }
    if (signal.aborted)
      throw new HttpError(500, `The task did not finish within ${task.timeout} seconds.`);
    return streamed;
  } finally {
    await connection.close().catch(() => {});
  }
}

export async function runTask(task: TaskRequest, deps: TaskDeps): Promise<JsonReply> {
  const requestId = randomUUID();
  const echo: Omit<TaskResponse, "status"> = {
    request_id: requestId,
    from_agent: task.from_agent,
    to_agent: task.to_agent,
    context: task.context,
  };
  if (deps.manager.kind === "offline") {
    const queued = deps.state.queue({
      source: "task",
      title: task.task_description.slice(0, 120),
      requestedBy: task.from_agent,
    });
    deps.logger.info({ requestId, queuedTaskId: queued.id, from: task.from_agent }, "task queued");
    const result =
      `Accepted and queued for ${deps.profile.display_name} (queue id ${queued.id}). ` +
      "This team runs the offline planner, which does not carry out work itself, so there is no result yet.";
    return { status: 200, body: { ...echo, status: "queued", result } satisfies TaskResponse };
  }
  try {
    const result = await deps.state.track("task", () => runWithManager(task, requestId, deps));
    deps.logger.info({ requestId, from: task.from_agent }, "task completed");
    return { status: 200, body: { ...echo, status: "completed", result } satisfies TaskResponse };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof ManagerUnavailableError) throw new HttpError(500, error.reason);
    deps.logger.error({ err: error, requestId }, "task failed");
    throw new HttpError(500, "The team manager failed while running the task.");
  }
}
