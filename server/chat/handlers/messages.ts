// chat:send and chat:stop — a user's message, stored and answered, and stopping the answer; both
// run where the session's owner is (send.ts, owner-link.ts).
import { onClientEvent } from "../socket-handler";
import type { HandlerContext } from "./context";

export function registerMessageHandlers(context: HandlerContext) {
  const { socket, log, owners, current } = context;
  const { user } = socket.data;

  onClientEvent(socket, "chat:send", log, ({ text, client_id }) =>
    owners.ask(current(), "send", {
      userId: user.id,
      config: socket.data.team.chat_config,
      text,
      client_id,
      socketId: socket.id,
    }),
  );

  onClientEvent(socket, "chat:stop", log, async () => ({
    stopped: await owners.ask(current(), "stop", null),
  }));
}
