// One chat socket from connection to disconnect: counted against its user's limits, closed when
// its token expires, attached to the user's open session with the team (opened, and greeted, when
// there is none) and sent that session's snapshot; its events are answered by the handlers.
import { countTokens } from "gpt-tokenizer";
import type { Logger } from "pino";
import { insertMessage } from "@/lib/chat/queries";
import type { SessionRow } from "@/lib/chat/schemas";
import { openChatSession, sessionExpiresAt } from "@/lib/chat/service";
import type { Sql } from "@/lib/db/client";
import type { GroupCommit } from "@/lib/db/group-commit";
import { AppError } from "@/lib/errors";
import type { SessionSnapshot } from "@/lib/protocol";
import type { DelegationDesk } from "./delegation";
import { registerHandlers } from "./handlers";
import { chatSockets } from "../metrics/registry";
import type { ChatLimits } from "./limits";
import type { OwnerLink } from "./owner-link";
import type { SessionRegistry } from "./sessions";
import type { SessionRuntime } from "./session-runtime";
import { snapshotOf } from "./snapshot";
import type { ChatSocket } from "./types";

export interface ConnectionDeps {
  sql: Sql;
  /** The session and its greeting are written through it, with other sessions' writes when busy. */
  writes: GroupCommit;
  logger: Logger;
  sessions: SessionRegistry;
  desk: DelegationDesk;
  limits: ChatLimits;
  owners: OwnerLink;
}

/** Opens (or resumes) the user's session with the team and greets a new one. */
async function openSession(
  { writes, sessions }: ConnectionDeps,
  socket: ChatSocket,
): Promise<{ runtime: SessionRuntime; session: SessionRow }> {
  const { user, team } = socket.data;
  const opening = {
    teamId: team.id,
    userId: user.id,
    config: team.chat_config,
    metadata: { source: "control_center", team: team.name },
  };
  const { session, created } = await writes.run((db) => openChatSession(db, opening));
  const runtime = await sessions.acquire(session.id, { user, team });
  // Only the owner opens the manager line; it greets a session this instance just opened.
  if (!runtime.isOwner) return { runtime, session };
  if (created) {
    await runtime.exclusive(async () => {
      const greeting = await runtime
        .connect()
        .then((c) => c.greeting())
        .catch(() => null);
      if (greeting) {
        const message = {
          sessionId: session.id,
          role: "assistant" as const,
          content: greeting,
          tokenCount: countTokens(greeting),
          metadata: { greeting: true },
        };
        await writes.run((db) => insertMessage(db, message));
      }
    });
  } else {
    void runtime.connect().catch(() => {}); // reports "unavailable" to the room if it fails
  }
  return { runtime, session };
}

export async function setUpConnection(deps: ConnectionDeps, socket: ChatSocket): Promise<void> {
  const { sessions, limits } = deps;
  const { user } = socket.data;
  const log = deps.logger.child({
    socketId: socket.id,
    userId: user.id,
    team: socket.data.team.name,
  });
  const disarm = limits.expireWithToken(socket);
  chatSockets.inc();

  /** Joins the user's open session (a new one after session:restart) and sends its snapshot. */
  const join = async (): Promise<SessionSnapshot> => {
    sessions.detach(socket);
    const { runtime, session } = await openSession(deps, socket);
    await sessions.attach(socket, runtime);
    // Gone while the session opened: its disconnect found nothing to detach.
    if (socket.disconnected) sessions.detach(socket);
    runtime.expireAt(sessionExpiresAt(session, socket.data.team.chat_config));
    const ready = await snapshotOf(deps, socket, runtime, session);
    socket.emit("session:ready", ready);
    return ready;
  };

  socket.on("disconnect", (reason) => {
    chatSockets.dec();
    disarm();
    void limits.releaseConnection(socket).catch(() => {}); // the entry lapses on its own
    sessions.detach(socket);
    log.debug({ reason }, "chat socket disconnected");
  });

  registerHandlers({
    ...deps,
    socket,
    log,
    join,
    current() {
      const runtime = sessions.runtimeOf(socket);
      if (!runtime)
        throw new AppError(
          "conflict",
          "The session is still opening; try again in a moment.",
          "session_opening",
        );
      return runtime;
    },
  });

  try {
    await join();
    log.debug("chat socket ready");
  } catch (error) {
    log.error({ err: error }, "could not open the chat session");
    socket.emit("chat:error", {
      code: "internal",
      message: "The chat session could not be opened. Reload to try again.",
    });
    socket.disconnect(true);
  }
}
