// The one place a chat socket's events are registered: one module per event group.
import type { HandlerContext } from "./context";
import { registerMessageHandlers } from "./messages";
import { registerPlanHandlers } from "./plans";
import { registerSessionHandlers } from "./session";

export type { HandlerContext } from "./context";

export function registerHandlers(context: HandlerContext): void {
  registerMessageHandlers(context);
  registerSessionHandlers(context);
  registerPlanHandlers(context);
}
