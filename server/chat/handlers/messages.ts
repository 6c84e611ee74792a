// chat:send and chat:stop — a user's message, stored and answered, and stopping the answer.
import { countTokens } from "gpt-tokenizer";
import { selectMessageByClientId } from "@/lib/chat/queries";
import { toChatMessage } from "@/lib/chat/schemas";
import { storeUserMessage } from "@/lib/chat/send";
import { AppError } from "@/lib/errors";
import { sessionRoom } from "../rooms";
import { onClientEvent } from "../socket-handler";
import type { HandlerContext } from "./context";

export function registerMessageHandlers(context: HandlerContext) {
  const { socket, log, sql, sessions, limits, current } = context;
  const { user } = socket.data;

  onClientEvent(socket, "chat:send", log, async ({ text, client_id }) => {
    const session = current();
    return session.exclusive(async () => {
      const config = socket.data.team.chat_config;
      await limits.consumeMessage(user.id);
      const refund = () => limits.refundMessage(user.id);
      if (session.inflight) {
        // A resend of a stored message is acknowledged even while the reply is being written.
        const resent = client_id
          ? await selectMessageByClientId(sql, session.sessionId, client_id)
          : null;
        await refund();
        if (resent) return { message: toChatMessage(resent) };
        throw new AppError(
          "conflict",
          "The manager is still answering. Wait for the reply or stop it.",
          "reply_in_progress",
        );
      }
      const outcome = await storeUserMessage(sql, {
        sessionId: session.sessionId,
        content: text,
        tokenCount: countTokens(text),
        clientId: client_id,
        maxMessages: config.max_messages_per_session,
        maxDurationMinutes: config.max_session_duration_minutes,
        contextSize: config.context_window_messages,
      });
      if (outcome.kind !== "stored") await refund();
      switch (outcome.kind) {
        case "stored": {
          const message = toChatMessage(outcome.message);
          socket.to(sessionRoom(session.sessionId)).emit("chat:message", message);
          session.startReply(outcome.context);
          return { message };
        }
        case "duplicate":
          return { message: toChatMessage(outcome.message) };
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
  });

  onClientEvent(socket, "chat:stop", log, async () => ({ stopped: await current().stop() }));
}
