// POST /chat/delegation/confirm: the user's answer to the plan a chat session offered. A confirm
// merges the edits into that plan and queues it for the team; a repeat returns the same task.
import type { Logger } from "pino";
import { editedDelegationSpecSchema, type ConfirmResponse } from "@/lib/protocol/elf";
import { HttpError, parseInput, type JsonReply } from "./http";
import type { TeamServerState } from "./state";

export interface ConfirmInput {
  session_id: string;
  confirmed: boolean;
  modifications: Record<string, unknown>;
}

/** The answer, in the contract's shape. */
const answer = (body: ConfirmResponse): JsonReply => ({ status: 200, body });

export function confirmDelegation(
  input: ConfirmInput,
  deps: { state: TeamServerState; logger: Logger },
): JsonReply {
  const session = deps.state.sessions.get(input.session_id);
  if (!session)
    throw new HttpError(404, `Chat session ${input.session_id} is not known to this team server.`);
  if (!input.confirmed) {
    session.preview = null;
    deps.logger.info({ session: session.id }, "delegation cancelled");
    return answer({ status: "delegation_cancelled" });
  }
  // Retries after a dropped response must not queue the plan twice.
  if (session.confirmed) {
    return answer({
      status: "delegation_confirmed",
      task_id: session.confirmed.taskId,
      delegation: session.confirmed.delegation,
    });
  }
  if (!session.preview)
    throw new HttpError(404, `Chat session ${session.id} has no delegation preview to confirm.`);
  const delegation = parseInput(editedDelegationSpecSchema, {
    ...session.preview,
    ...input.modifications,
    session_id: session.id,
    user_id: session.userId,
    updated_at: new Date().toISOString(),
  });
  const task = deps.state.queue({
    source: "delegation",
    title: delegation.title,
    requestedBy: session.userId,
  });
  session.confirmed = { taskId: task.id, delegation };
  session.preview = null;
  deps.logger.info({ session: session.id, taskId: task.id }, "delegation confirmed");
  return answer({ status: "delegation_confirmed", task_id: task.id, delegation });
}
