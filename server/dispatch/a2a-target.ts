// A subtask for a team that publishes an A2A agent card: one A2A message through the maintained
// SDK (@a2a-js/sdk; v0.3 agents through its compatibility layer), then the agent's task is
// followed until it ends. A2A states map to our lifecycle: submitted/working → in_progress;
// completed → completed with the artifacts' text; failed/rejected → failed with the agent's
// reason; canceled → cancelled; input-required/auth-required → failed (no one here can answer).
import { setTimeout as sleep } from "node:timers/promises";
import { Role, TaskState, type Message, type Part, type Task } from "@a2a-js/sdk";
import {
  ClientFactory,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type Client,
} from "@a2a-js/sdk/client";
import type { DispatchInput, DispatchOutcome } from "./targets";
import { describeSubtask } from "./brief";
import { describeFetchFailure } from "../fetch-failure";
import { DispatchError, interruption } from "./errors";

const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 5_000;
const LEGACY = { legacyCompat: { enabled: true } };

/** How an A2A task's state reads in our lifecycle; null while the agent is still on it. */
type Ending = { kind: "completed" } | { kind: "failed"; summary: string } | { kind: "cancelled" };

export function readA2aState(state: TaskState): Ending | null {
  switch (state) {
    case TaskState.TASK_STATE_COMPLETED:
      return { kind: "completed" };
    case TaskState.TASK_STATE_FAILED:
      return { kind: "failed", summary: "could not do the task" };
    case TaskState.TASK_STATE_REJECTED:
      return { kind: "failed", summary: "refused the task" };
    case TaskState.TASK_STATE_CANCELED:
      return { kind: "cancelled" };
    case TaskState.TASK_STATE_INPUT_REQUIRED:
      return { kind: "failed", summary: "asked for input the Control Center cannot give" };
    case TaskState.TASK_STATE_AUTH_REQUIRED:
      return { kind: "failed", summary: "asked for authorisation the Control Center cannot give" };
    default:
      return null; // submitted, working, unspecified
  }
}

function textOf(parts: Part[] | undefined): string {
  return (parts ?? [])
    .map((part) => {
      const content = part.content;
      if (content?.$case === "text" || content?.$case === "url") return content.value;
      if (content?.$case === "data") return JSON.stringify(content.value);
      return "";
    })
    .filter(Boolean)
    .join("\n");
}

const resultOf = (task: Task) =>
  (task.artifacts ?? [])
    .map((a) => textOf(a.parts))
    .filter(Boolean)
    .join("\n\n") || textOf(task.status?.message?.parts);

/** The agent card, then a client for the transport it prefers; failures say which step failed. */
async function connect(
  cardUrl: string,
  signal: AbortSignal,
  timeoutSeconds: number,
): Promise<Client> {
  let cardStatus: number | null = null;
  const fetchImpl: typeof fetch = async (url, init) => {
    const response = await fetch(url, { ...init, signal });
    if (String(url) === cardUrl) cardStatus = response.status;
    return response;
  };
  const factory = new ClientFactory({
    transports: [
      new JsonRpcTransportFactory({ fetchImpl, ...LEGACY }),
      new RestTransportFactory({ fetchImpl, ...LEGACY }),
    ],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, ...LEGACY }),
  });
  try {
    return await factory.createFromUrl(cardUrl, "");
  } catch (error) {
    interruption(signal, `A2A agent at ${cardUrl}`, timeoutSeconds);
    const status = cardStatus as number | null;
    if (status === null)
      throw new DispatchError(
        true,
        `A2A agent card at ${cardUrl} not reachable`,
        describeFetchFailure(error),
      );
    if (status >= 500)
      throw new DispatchError(true, `A2A agent card at ${cardUrl} not available`, `HTTP ${status}`);
    const detail =
      status >= 400
        ? `HTTP ${status}`
        : error instanceof Error
          ? error.message.slice(0, 300)
          : String(error);
    throw new DispatchError(false, `${cardUrl} is not a usable A2A agent card`, detail);
  }
}

function requestFor(input: DispatchInput): Message {
  const { subtask, draft } = input;
  const prompt = describeSubtask(input);
  const context = {
    task_id: subtask.task_id,
    plan_version: subtask.plan_version,
    subtask_id: subtask.plan_subtask_id,
    plan: draft,
  };
  return {
    // One id per attempt: an agent that de-duplicates by message id sees a retry as the same request only within an attempt.
    messageId: `${subtask.id}:${subtask.attempts}`,
    contextId: "",
    taskId: "",
    role: Role.ROLE_USER,
    parts: [
      {
        content: { $case: "text", value: prompt },
        metadata: undefined,
        filename: "",
        mediaType: "text/plain",
      },
      {
        content: { $case: "data", value: context },
        metadata: undefined,
        filename: "",
        mediaType: "application/json",
      },
    ],
    metadata: {
      source: "elf-control-center",
      task_type: "delegated_from_chat",
      task_id: subtask.task_id,
    },
    extensions: [],
    referenceTaskIds: [],
  };
}

/**
 * `earlierTaskId` is the agent's task from an attempt that was cut off (a restart, a timeout):
 * that task is followed again rather than the work sent twice, unless the agent no longer knows it.
 */
/** The earlier task as the agent has it now; null when the agent no longer knows it. */
async function resume(
  client: Client,
  taskId: string,
  input: DispatchInput,
  agent: string,
): Promise<Task | null> {
  try {
    return await client.getTask({ tenant: "", id: taskId }, { signal: input.signal });
  } catch (error) {
    interruption(input.signal, agent, input.timeoutSeconds);
    if (error instanceof TypeError)
      throw new DispatchError(true, `${agent} not reachable`, describeFetchFailure(error));
    return null;
  }
}

export async function dispatchToA2a(
  cardUrl: string,
  input: DispatchInput,
  earlierTaskId: string | null = null,
): Promise<DispatchOutcome> {
  const { signal, subtask, timeoutSeconds } = input;
  const client = await connect(cardUrl, signal, input.timeoutSeconds);
  const agent = `A2A agent of ${subtask.team_name}`;
  const call = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      interruption(signal, agent, timeoutSeconds);
      if (error instanceof TypeError)
        throw new DispatchError(true, `${agent} not reachable`, describeFetchFailure(error));
      throw new DispatchError(
        false,
        `${agent} refused the request`,
        error instanceof Error ? error.message.slice(0, 300) : String(error),
      );
    }
  };
  const earlier = earlierTaskId ? await resume(client, earlierTaskId, input, agent) : null;
  const first =
    earlier ??
    (await call(() =>
      client.sendMessage(
        {
          tenant: "",
          message: requestFor(input),
          configuration: {
            acceptedOutputModes: [],
            taskPushNotificationConfig: undefined,
            returnImmediately: true,
          },
          metadata: undefined,
        },
        { signal },
      ),
    ));
  // An agent may answer with a message: that is the whole answer, with no task to follow.
  if (!("status" in first)) return { kind: "completed", result: textOf(first.parts) };
  let task: Task = first;
  let waitMs = POLL_FIRST_MS;
  let reportedWorking = false;
  for (;;) {
    const ending = readA2aState(task.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED);
    const reason = textOf(task.status?.message?.parts);
    if (ending?.kind === "completed") return { kind: "completed", result: resultOf(task) };
    if (ending?.kind === "cancelled")
      return { kind: "cancelled", reason: reason || `${agent} cancelled the task` };
    if (ending?.kind === "failed")
      throw new DispatchError(false, `${agent} ${ending.summary}`, reason || "no reason given");
    if (!reportedWorking) {
      reportedWorking = true;
      await input.onProgress?.({
        a2a_task_id: task.id,
        a2a_state: TaskState[task.status?.state ?? 0],
      });
    }
    await sleep(waitMs, undefined, { signal }).catch(() =>
      interruption(signal, agent, timeoutSeconds),
    );
    waitMs = Math.min(POLL_MAX_MS, waitMs * 2);
    task = await call(() => client.getTask({ tenant: "", id: task.id }, { signal }));
  }
}
