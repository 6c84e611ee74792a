// delegation:update, delegation:confirm, delegation:cancel — people answering the session's plan.
import { onClientEvent } from "../socket-handler";
import type { HandlerContext } from "./context";

export function registerPlanHandlers({ socket, log, desk, current }: HandlerContext) {
  const { user } = socket.data;
  const actor = { id: user.id, email: user.email };
  onClientEvent(socket, "delegation:update", log, (input) =>
    desk.update(current().sessionId, input, actor),
  );
  onClientEvent(socket, "delegation:confirm", log, (input) =>
    desk.confirm(current().sessionId, input, actor),
  );
  onClientEvent(socket, "delegation:cancel", log, ({ plan_id }) =>
    desk.cancel(current().sessionId, plan_id, actor),
  );
}
