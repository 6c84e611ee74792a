// The chat socket's front door, run on every incoming event before its handler: every event is
// answered. An unknown event gets an error (in its ack when it carries one, else as chat:error);
// a payload over the app's limit gets payload_too_large (Socket.IO's own buffer is larger, so the
// socket is not dropped first); text with control characters gets invalid_payload; an event sent
// with only a callback is handed on with no payload, so its handler answers the ack.
import type { Namespace, Socket } from "socket.io";
import { findControlChars } from "@/lib/input/text";
import { clientEvents } from "@/lib/protocol";

/** The largest payload an event may carry; a chat message (8,000 characters) fits many times. */
export const SOCKET_PAYLOAD_LIMIT = 64 * 1024;
/** Socket.IO's own frame limit (maxHttpBufferSize): frames beyond it close the connection. */
export const SOCKET_FRAME_LIMIT = 1024 * 1024;

type Ack = (reply: { ok: false; error: { code: string; message: string } }) => void;

function payloadBytes(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? "");
  } catch {
    return Infinity;
  }
}

function guard(socket: Socket): void {
  socket.use((packet, next) => {
    const [event] = packet;
    const last = packet.at(-1);
    const ack = packet.length > 1 && typeof last === "function" ? (last as Ack) : undefined;
    const args = packet.slice(1, ack ? -1 : undefined);
    const refuse = (code: string, message: string) => {
      const error = { code, message };
      if (ack) ack({ ok: false, error });
      else socket.emit("chat:error", error);
    };
    if (typeof event !== "string" || !Object.hasOwn(clientEvents, event))
      return refuse("unknown_event", `There is no event called ${String(event).slice(0, 60)}.`);
    if (args.length > 1) return refuse("invalid_payload", "Send one payload object.");
    if (payloadBytes(args[0]) > SOCKET_PAYLOAD_LIMIT)
      return refuse(
        "payload_too_large",
        `The payload is too large (at most ${SOCKET_PAYLOAD_LIMIT} bytes).`,
      );
    const bad = findControlChars(args[0]);
    if (bad !== null)
      return refuse("invalid_payload", `${bad || "payload"}: control characters are not allowed.`);
    if (ack && args.length === 0) packet.splice(1, 0, undefined);
    next();
  });
}

export function guardChatSockets(chat: Namespace): void {
  chat.on("connection", guard);
}
