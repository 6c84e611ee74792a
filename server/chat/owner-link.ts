// A tab's requests to a session another instance owns go there over the Socket.IO adapter
// (serverSideEmit with an ack): the owner answers, every other instance answers null. When no
// instance answers, the owner is gone; this instance claims the session and answers itself.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { AppError, toErrorBody } from "@/lib/errors";
import type { ChatStatus, ErrorBody, SessionSnapshot } from "@/lib/protocol";
import { sendMessage, type SendDeps, type SendRequest } from "./send";
import { LEASE_RENEW_MS } from "./sessions";
import type { SessionRuntime } from "./session-runtime";

/** What a tab is shown of the session's live state, from the owner. */
export interface OwnerView {
  status: ChatStatus;
  pending_reply: SessionSnapshot["pending_reply"];
  label: string;
}

interface Ops {
  send: [SendRequest, Awaited<ReturnType<typeof sendMessage>>];
  stop: [null, boolean];
  view: [null, OwnerView];
}
type OpName = keyof Ops;

export interface OwnerRequest {
  sessionId: string;
  op: OpName;
  payload: unknown;
}
export type OwnerAnswer = { ok: true; data: unknown } | { ok: false; error: ErrorBody };

export const OWNER_REQUEST = "cc:owner-request";

export function createOwnerLink(deps: SendDeps & { logger: Logger }) {
  const { chat, sessions, logger } = deps;

  async function serve<O extends OpName>(
    runtime: SessionRuntime,
    op: O,
    payload: Ops[O][0],
  ): Promise<Ops[O][1]> {
    switch (op) {
      case "send":
        return sendMessage(deps, runtime, payload as SendRequest) as Promise<Ops[O][1]>;
      case "stop":
        return runtime.stop() as Promise<Ops[O][1]>;
      default:
        return {
          status: runtime.status,
          pending_reply: runtime.inflight
            ? { message_id: runtime.inflight.messageId, content: runtime.inflight.content }
            : null,
          label: await runtime.label(),
        } satisfies OwnerView as Ops[O][1];
    }
  }

  chat.on(OWNER_REQUEST, (request, reply) => {
    const runtime = sessions.get(request.sessionId);
    if (!runtime?.isOwner) return reply(null);
    serve(runtime, request.op, request.payload as never).then(
      (data) => reply({ ok: true, data }),
      (error: unknown) => {
        if (!(error instanceof AppError))
          logger.error({ err: error, sessionId: request.sessionId }, "owner request failed");
        reply({ ok: false, error: toErrorBody(error).body });
      },
    );
  });

  /** The owner's answer, or null when no instance owns the session. */
  function askOwner(request: OwnerRequest): Promise<OwnerAnswer | null> {
    return new Promise((resolve) => {
      chat.serverSideEmit(OWNER_REQUEST, request, (error, answers) => {
        // A timeout still carries the answers that came; the owner's may be among them.
        const answer = (answers ?? []).find((a): a is OwnerAnswer => a !== null) ?? null;
        if (error && !answer) logger.debug({ err: error, request }, "owner request timed out");
        resolve(answer);
      });
    });
  }

  return {
    /** Runs `op` where the session's owner is: here, on the owner, or here after claiming it. */
    async ask<O extends OpName>(
      runtime: SessionRuntime,
      op: O,
      payload: Ops[O][0],
    ): Promise<Ops[O][1]> {
      for (let attempt = 0; ; attempt++) {
        // A runtime no longer held belongs to a session that ended: there is nothing to own, and
        // the database answers (a send is refused as session_ended).
        if (runtime.isOwner || sessions.get(runtime.sessionId) !== runtime)
          return serve(runtime, op, payload);
        const answer = await askOwner({ sessionId: runtime.sessionId, op, payload });
        if (answer?.ok) return answer.data as Ops[O][1];
        if (answer) throw new AppError("internal", answer.error.message, answer.error.code);
        if (await sessions.claim(runtime)) continue;
        if (attempt >= 3)
          throw new AppError(
            "unavailable",
            "This chat is moving to another server; try again in a moment.",
            "session_moving",
          );
        await sleep(LEASE_RENEW_MS);
      }
    },
  };
}

export type OwnerLink = ReturnType<typeof createOwnerLink>;
