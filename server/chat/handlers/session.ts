// session:end and session:restart — ending the chat, or ending it and starting a new one.
import { selectSession } from "@/lib/chat/queries";
import { AppError } from "@/lib/errors";
import { onClientEvent } from "../socket-handler";
import type { HandlerContext } from "./context";

export function registerSessionHandlers({
  socket,
  log,
  sql,
  sessions,
  current,
  join,
}: HandlerContext) {
  onClientEvent(socket, "session:end", log, async () => {
    const summary = await sessions.end(current(), "user_ended");
    if (!summary)
      throw new AppError("conflict", "This session has already ended.", "session_ended");
    return summary;
  });

  onClientEvent(socket, "session:restart", log, async () => {
    const previous = current();
    const row = await selectSession(sql, previous.sessionId);
    if (row && !row.ended_at) await sessions.end(previous, "user_ended");
    return join();
  });
}
