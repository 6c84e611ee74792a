// The chat server: Socket.IO namespace /chat. Each socket is one user's view of one session
// with one team; all tabs of a session share a room and a SessionRuntime.
import { countTokens } from "gpt-tokenizer";
import type { Logger } from "pino";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Server } from "socket.io";
import {
  insertMessage,
  selectMessageByClientId,
  selectMessages,
  selectSession,
} from "@/lib/chat/queries";
import { storeUserMessage } from "@/lib/chat/send";
import { toChatMessage, type SessionRow } from "@/lib/chat/schemas";
import {
  endChatSession,
  openChatSession,
  sessionExpiresAt,
  sessionLimits,
} from "@/lib/chat/service";
import type { Sql } from "@/lib/db/client";
import type { PlanOrigin } from "@/lib/delegation/queries";
import { AppError } from "@/lib/errors";
import {
  CHAT_NAMESPACE,
  type SessionEndReason,
  type SessionManager,
  type SessionSnapshot,
} from "@/lib/protocol";
import { loadTeamProfile } from "@/lib/teams/profile";
import { selectChatConfig } from "@/lib/teams/queries";
import { isElfConnection } from "../managers/elf";
import { draftFromElfSpec } from "../managers/elf/to-draft";
import type { ManagerRegistry } from "../managers/registry";
import { createDelegationDesk, sessionRoom as room, type Dispatcher } from "./delegation";
import { watchChatAccess } from "./access-watch";
import { createAuthenticator } from "./authenticate";
import { SessionRuntime } from "./session-runtime";
import { onClientEvent } from "./socket-handler";
import type { ChatNamespace, ChatSocket } from "./types";

export interface ChatServerOptions {
  sql: Sql;
  logger: Logger;
  registry: ManagerRegistry;
  chatTokenSecret: string;
  messagesPerMinute: number;
  maxConnectionsPerUser: number;
  /** Where confirmed tasks go; without one they wait, pending, for the next dispatcher start. */
  dispatcher?: Dispatcher;
}

export function registerChatServer(io: Server, options: ChatServerOptions) {
  const { sql, logger, registry } = options;
  const chat = io.of(CHAT_NAMESPACE) as ChatNamespace;
  const runtimes = new Map<string, SessionRuntime>();
  const connectionsPerUser = new Map<string, number>();
  const messageLimiter = new RateLimiterMemory({ points: options.messagesPerMinute, duration: 60 });

  const desk = createDelegationDesk({ sql, logger, chat, dispatcher: options.dispatcher });
  const stopListening = desk.listenForTaskUpdates().catch((error: unknown) => {
    logger.error({ err: error }, "task updates will not be pushed: LISTEN failed");
    return async () => {};
  });

  chat.use(
    createAuthenticator({
      sql,
      secret: options.chatTokenSecret,
      connectionsPerUser,
      maxConnectionsPerUser: options.maxConnectionsPerUser,
    }),
  );

  async function runtimeFor(socket: ChatSocket, sessionId: string): Promise<SessionRuntime> {
    const existing = runtimes.get(sessionId);
    if (existing) return existing;
    const { user, team } = socket.data;
    const profile = await loadTeamProfile(sql, team.name);
    if (!profile) throw new AppError("not_found", `There is no team called ${team.name}.`);
    // The policy as it is when the plan arrives, not when the session opened: an admin may have
    // turned previews off or confirmation on meanwhile.
    const propose = async (draft: unknown, origin?: PlanOrigin) =>
      desk.propose({
        sessionId,
        teamId: team.id,
        user: { id: user.id, email: user.email },
        config: await selectChatConfig(sql, team.id),
        draft,
        origin,
      });
    const created: SessionRuntime = new SessionRuntime(sessionId, {
      sql,
      logger,
      manager: await registry.managerFor(team),
      context: {
        team: profile,
        user: { id: user.id, role: user.role },
        sessionId,
        currentPlan: () => desk.latestPlan(sessionId),
      },
      emit: (event, ...args) => chat.to(room(sessionId)).emit(event, ...args),
      onReplyDone: async ({ draft }) => {
        if (draft) await propose(draft);
      },
      onExpired: () =>
        void endSession(created, "duration_limit").catch((error: unknown) =>
          logger.error({ err: error, sessionId }, "could not end session"),
        ),
      onConnected: (connection) => {
        if (!isElfConnection(connection)) return;
        connection.onPreview((preview) => {
          try {
            const origin = {
              kind: "elf" as const,
              url: connection.baseUrl,
              session_id: preview.session_id,
            };
            void propose(draftFromElfSpec(preview.delegation, team.name), origin).catch(
              (error: unknown) =>
                logger.error({ err: error, sessionId }, "could not store the team server's plan"),
            );
          } catch (error) {
            logger.warn(
              { err: error, sessionId },
              "the team server sent a plan that cannot be shown",
            );
          }
        });
      },
    });
    return runtimes.get(sessionId) ?? (runtimes.set(sessionId, created), created);
  }

  async function managerOf(socket: ChatSocket, runtime: SessionRuntime): Promise<SessionManager> {
    const label = await runtime.label();
    return { role: socket.data.team.manager?.role ?? "Manager", kind: runtime.managerKind, label };
  }

  async function snapshot(
    socket: ChatSocket,
    runtime: SessionRuntime,
    session: SessionRow,
  ): Promise<SessionSnapshot> {
    const { team } = socket.data;
    return {
      session: {
        id: session.id,
        team: { name: team.name, display_name: team.display_name },
        manager: await managerOf(socket, runtime),
        started_at: session.started_at.toISOString(),
        ended_at: session.ended_at?.toISOString() ?? null,
        read_only: false,
      },
      history: (await selectMessages(sql, session.id)).map(toChatMessage),
      limits: await sessionLimits(sql, session, team.chat_config),
      status: runtime.status,
      pending_reply: runtime.inflight
        ? { message_id: runtime.inflight.messageId, content: runtime.inflight.content }
        : null,
      preview: await desk.latestPlan(session.id),
    };
  }

  /** Opens (or resumes) the user's session with the team and greets a new one. */
  async function attachSession(
    socket: ChatSocket,
  ): Promise<{ runtime: SessionRuntime; session: SessionRow }> {
    const { user, team } = socket.data;
    const { session, created } = await openChatSession(sql, {
      teamId: team.id,
      userId: user.id,
      config: team.chat_config,
      metadata: { source: "control_center", team: team.name },
    });
    const runtime = await runtimeFor(socket, session.id);
    if (created) {
      await runtime.exclusive(async () => {
        const greeting = await runtime
          .connect()
          .then((c) => c.greeting())
          .catch(() => null);
        if (greeting)
          await insertMessage(sql, {
            sessionId: session.id,
            role: "assistant",
            content: greeting,
            tokenCount: countTokens(greeting),
            metadata: { greeting: true },
          });
      });
    } else {
      void runtime.connect().catch(() => {}); // reports "unavailable" to the room if it fails
    }
    return { runtime, session };
  }

  async function endSession(runtime: SessionRuntime, reason: SessionEndReason) {
    await runtime.stop();
    const summary = await endChatSession(sql, runtime.sessionId, reason);
    if (summary) chat.to(room(runtime.sessionId)).emit("session:ended", summary);
    runtimes.delete(runtime.sessionId);
    await runtime.close();
    return summary;
  }

  const runtimeOf = (socket: ChatSocket) => {
    const sessionId = [...socket.rooms]
      .find((name) => name.startsWith(room("")))
      ?.slice(room("").length);
    return sessionId ? runtimes.get(sessionId) : undefined;
  };

  const latestChange = new WeakMap<SessionRuntime, number>();
  const stopWatching = watchChatAccess({
    sql,
    logger,
    chat,
    async endSessionOf(socket, reason) {
      const runtime = runtimeOf(socket);
      if (runtime) await endSession(runtime, reason);
    },
    // The session stays allowed: its next reply comes from the manager as the team is reached now
    // (built-in, ELF team server), told about the team as it is now (e.g. whether it may propose
    // plans), and every tab learns the limits now in force, the time limit included.
    async followTeamChange(socket) {
      const runtime = runtimeOf(socket);
      if (!runtime) return;
      const { team } = socket.data;
      // Only the latest of several quick changes tells the tabs and sets the time limit.
      const change = (latestChange.get(runtime) ?? 0) + 1;
      latestChange.set(runtime, change);
      const isLatest = () => latestChange.get(runtime) === change;
      // In turn with sends and other changes, so two quick changes end on the later one.
      const session = await runtime.exclusive(async () => {
        const [manager, profile, row] = await Promise.all([
          registry.managerFor(team),
          loadTeamProfile(sql, team.name),
          selectSession(sql, runtime.sessionId),
        ]);
        if (!profile || !row || row.ended_at) return null;
        if (runtime.retarget(manager, profile))
          logger.info(
            { sessionId: row.id, team: team.name, manager: manager.kind },
            "the session's manager changed",
          );
        return row;
      });
      const isOpen = () => runtimes.get(runtime.sessionId) === runtime && isLatest();
      if (!session || !isOpen()) return;
      const [limits, manager] = await Promise.all([
        sessionLimits(sql, session, team.chat_config),
        managerOf(socket, runtime),
      ]);
      if (!isOpen()) return;
      chat.to(room(session.id)).emit("session:updated", { manager, limits });
      // Told first: a shorter limit may end the session at once.
      runtime.expireAt(sessionExpiresAt(session, team.chat_config));
    },
  }).catch((error: unknown) => {
    logger.error({ err: error }, "admin changes will not reach open chats: LISTEN failed");
    return async () => {};
  });

  chat.on("connection", async (socket) => {
    const { user, claims } = socket.data;
    const log = logger.child({ socketId: socket.id, userId: user.id, team: socket.data.team.name });
    connectionsPerUser.set(user.id, (connectionsPerUser.get(user.id) ?? 0) + 1);
    let runtime: SessionRuntime | null = null;

    // The token's lifetime bounds the socket's: the client fetches a new token and reconnects.
    const tokenTimer = setTimeout(
      () => {
        socket.emit("chat:error", {
          code: "token_expired",
          message: "Your chat token expired; reconnecting.",
        });
        socket.disconnect(true);
      },
      Math.max(0, claims.exp * 1000 - Date.now()),
    );

    const join = async () => {
      if (runtime) {
        runtime.sockets -= 1;
        void socket.leave(room(runtime.sessionId));
      }
      const attached = await attachSession(socket);
      const current = (runtime = attached.runtime);
      current.sockets += 1;
      await socket.join(room(current.sessionId));
      current.expireAt(sessionExpiresAt(attached.session, socket.data.team.chat_config));
      const ready = await snapshot(socket, current, attached.session);
      socket.emit("session:ready", ready);
      return ready;
    };

    socket.on("disconnect", (reason) => {
      clearTimeout(tokenTimer);
      const left = (connectionsPerUser.get(user.id) ?? 1) - 1;
      if (left > 0) connectionsPerUser.set(user.id, left);
      else connectionsPerUser.delete(user.id);
      if (runtime) {
        runtime.sockets -= 1;
        const idle = runtime;
        // Let a reply in progress finish and be stored before the manager line is closed.
        if (idle.sockets === 0) {
          void (idle.inflight?.done ?? Promise.resolve()).then(() => {
            if (idle.sockets === 0 && runtimes.get(idle.sessionId) === idle) {
              runtimes.delete(idle.sessionId);
              void idle.close();
            }
          });
        }
      }
      log.debug({ reason }, "chat socket disconnected");
    });

    const current = () => {
      if (!runtime)
        throw new AppError(
          "conflict",
          "The session is still opening; try again in a moment.",
          "session_opening",
        );
      return runtime;
    };

    onClientEvent(socket, "chat:send", log, async ({ text, client_id }) => {
      const session = current();
      return session.exclusive(async () => {
        const config = socket.data.team.chat_config;
        try {
          await messageLimiter.consume(user.id);
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) throw error;
          throw new AppError(
            "rate_limited",
            `You are sending messages too fast. Try again in ${Math.ceil(error.msBeforeNext / 1000)} s.`,
            "rate_limited",
          );
        }
        const refund = () => messageLimiter.reward(user.id, 1);
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
            socket.to(room(session.sessionId)).emit("chat:message", message);
            session.startReply(outcome.context);
            return { message };
          }
          case "duplicate":
            return { message: toChatMessage(outcome.message) };
          case "expired":
            await endSession(session, "duration_limit");
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

    onClientEvent(socket, "session:end", log, async () => {
      const summary = await endSession(current(), "user_ended");
      if (!summary)
        throw new AppError("conflict", "This session has already ended.", "session_ended");
      return summary;
    });

    onClientEvent(socket, "session:restart", log, async () => {
      const previous = current();
      const row = await selectSession(sql, previous.sessionId);
      if (row && !row.ended_at) await endSession(previous, "user_ended");
      return join();
    });

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
  });

  return {
    async close() {
      await (
        await stopListening
      )();
      await (
        await stopWatching
      )();
      await Promise.all([...runtimes.values()].map((r) => r.close()));
      runtimes.clear();
    },
  };
}
