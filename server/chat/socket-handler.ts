// The socket side of the three error boundaries: parse the payload with its schema, run the
// handler, and always answer the ack with {ok, data} or {ok:false, error}.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { z } from "zod";
import { AppError, toErrorBody } from "@/lib/errors";
import { clientEvents, type Ack, type ClientEventName } from "@/lib/protocol";
import type { ChatSocket } from "./types";

type Data<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]["data"]>;
type Payload<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]["payload"]>;

export function onClientEvent<E extends ClientEventName>(
  socket: ChatSocket,
  event: E,
  logger: Logger,
  handler: (payload: Payload<E>) => Promise<Data<E>>,
): void {
  const listener = async (raw: unknown, ack: unknown) => {
    const reply = (answer: Ack<Data<E>>) => {
      if (typeof ack === "function") ack(answer);
      else if (!answer.ok) socket.emit("chat:error", answer.error);
    };
    try {
      const parsed = clientEvents[event].payload.safeParse(raw ?? {});
      if (!parsed.success) {
        const detail = parsed.error.issues
          .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
          .join("; ");
        throw new AppError("bad_request", detail, "invalid_payload");
      }
      reply({ ok: true, data: await handler(parsed.data as Payload<E>) });
    } catch (error) {
      const { body } = toErrorBody(error);
      if (!(error instanceof AppError)) {
        const errorId = randomUUID();
        logger.error({ err: error, event, socketId: socket.id, errorId }, "socket handler failed");
        body.message = `${body.message} (error ${errorId})`;
      }
      reply({ ok: false, error: body });
    }
  };
  // The typed map constrains emitters; listeners get untrusted input and check it themselves.
  (
    socket as unknown as { on(event: string, listener: (raw: unknown, ack: unknown) => void): void }
  ).on(event, (raw, ack) => {
    void listener(raw, ack);
  });
}
