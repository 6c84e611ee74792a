// What the owner of a session does with a user's message, whichever instance the tab that sent it
// is connected to: take it from the user's allowance and store it once (a resend with the same
// client_id is acknowledged with the stored copy), show it to the session's other tabs and start
// the reply.
import { countTokens } from "gpt-tokenizer";
import { selectMessageByClientId } from "@/lib/chat/queries";
import { toChatMessage } from "@/lib/chat/schemas";
import { storeUserMessage } from "@/lib/chat/send";
import type { Sql } from "@/lib/db/client";
import type { GroupCommit } from "@/lib/db/group-commit";
import { AppError } from "@/lib/errors";
import type { ChatMessage } from "@/lib/protocol";
import type { ChatConfig } from "@/lib/teams/schemas";
import type { ChatLimits } from "./limits";
import { sessionRoom } from "./rooms";
import type { SessionRegistry } from "./sessions";
import type { SessionRuntime } from "./session-runtime";
import type { ChatNamespace } from "./types";

export interface SendRequest {
  userId: string;
  /** The team's chat_config as the sending tab has it. */
  config: ChatConfig;
  text: string;
  client_id?: string;
  /** The sending tab, which has the message from the ack and is left out of the broadcast. */
  socketId: string;
}

export interface SendDeps {
  sql: Sql;
  /** The message is stored through it: committed with other sessions' writes when busy. */
  writes: GroupCommit;
  chat: ChatNamespace;
  sessions: SessionRegistry;
  limits: ChatLimits;
}

export async function sendMessage(
  { sql, writes, chat, sessions, limits }: SendDeps,
  session: SessionRuntime,
  { userId, config, text, client_id, socketId }: SendRequest,
): Promise<{ message: ChatMessage }> {
  return session.exclusive(async () => {
    if (sessions.isDraining)
      throw new AppError(
        "unavailable",
        "This server is restarting; send your message again in a moment.",
        "server_draining",
      );
    // The lease may have lapsed while this waited its turn (a stalled instance): the new owner
    // answers the resend, and nothing was stored here.
    if (!session.isOwner && sessions.get(session.sessionId) === session)
      throw new AppError(
        "unavailable",
        "This chat is moving to another server; try again in a moment.",
        "session_moving",
      );
    if (session.inflight) {
      // A resend of a stored message is acknowledged even while the reply is being written.
      const resent = client_id
        ? await selectMessageByClientId(sql, session.sessionId, client_id)
        : null;
      if (resent) return { message: toChatMessage(resent) };
      throw new AppError(
        "conflict",
        "The manager is still answering. Wait for the reply or stop it.",
        "reply_in_progress",
      );
    }
    // Where the allowance is kept in this database, the statement that stores the message takes
    // it; elsewhere (Redis) it is taken first and given back if the message is not stored.
    const allowance = limits.allowanceInStatement(userId);
    if (!allowance) await limits.consumeMessage(userId);
    const input = {
      sessionId: session.sessionId,
      content: text,
      tokenCount: countTokens(text),
      clientId: client_id,
      maxMessages: config.max_messages_per_session,
      maxDurationMinutes: config.max_session_duration_minutes,
      contextSize: config.context_window_messages,
      allowance: allowance ?? undefined,
    };
    const outcome = await writes.run((db) => storeUserMessage(db, input));
    // What was taken from the allowance for a message that was not stored is given back.
    const giveBack = allowance
      ? outcome.kind === "duplicate" && outcome.allowanceTaken
      : outcome.kind !== "stored";
    if (giveBack) await limits.refundMessage(userId);
    switch (outcome.kind) {
      case "stored": {
        const message = toChatMessage(outcome.message);
        chat.to(sessionRoom(session.sessionId)).except(socketId).emit("chat:message", message);
        session.startReply(outcome.context);
        return { message };
      }
      case "duplicate":
        return { message: toChatMessage(outcome.message) };
      case "rate_limited":
        throw limits.tooFast(outcome.msBeforeNext);
      case "expired":
        await sessions.end(session, "duration_limit");
        throw new AppError(
          "forbidden",
          "This session reached its time limit. Start a new one to keep chatting.",
          "duration_limit",
        );
      case "limit":
        throw new AppError(
          "forbidden",
          `This session reached its limit of ${config.max_messages_per_session} messages. Start a new session to continue.`,
          "message_limit",
        );
      default:
        throw new AppError(
          "conflict",
          "This session has ended. Start a new one to keep chatting.",
          "session_ended",
        );
    }
  });
}
