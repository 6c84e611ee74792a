// The chat server: Socket.IO namespace /chat. Each socket is one user's view of one session with
// one team; all tabs of a session share a room and a SessionRuntime. This file only wires the
// parts: the session registry (sessions.ts), the per-socket setup (connection.ts) with its event
// handlers (handlers/), the limits, and the watchers of admin changes and task updates.
import type { Logger } from "pino";
import type { Server } from "socket.io";
import type { Sql } from "@/lib/db/client";
import type { GroupCommit } from "@/lib/db/group-commit";
import { CHAT_NAMESPACE } from "@/lib/protocol";
import { watchTeams } from "@/lib/teams/watch";
import type { Coordination } from "../fleet";
import type { ManagerRegistry } from "../managers/registry";
import { watchChatAccess } from "./access-watch";
import { createAuthenticator } from "./authenticate";
import { setUpConnection } from "./connection";
import type { SubtaskQueue } from "@/lib/delegation/confirm";
import { createDelegationDesk } from "./delegation";
import { createChatLimits } from "./limits";
import { createOwnerLink } from "./owner-link";
import { createSessionRegistry } from "./sessions";
import { pushTaskUpdates } from "./task-updates";
import { createTeamFollower } from "./team-follow";
import type { ChatNamespace } from "./types";

export interface ChatServerOptions {
  sql: Sql;
  /** The instance's group commit: every session's messages, replies, plans and opens. */
  writes: GroupCommit;
  logger: Logger;
  registry: ManagerRegistry;
  chatTokenSecret: string;
  messagesPerMinute: number;
  maxConnectionsPerUser: number;
  /** The fleet's shared store: limits and session ownership. */
  store: Coordination;
  /** Where confirmed tasks go: their jobs are queued with the confirmation and run on a dispatcher. */
  dispatcher?: SubtaskQueue;
}

/** Resolves with the stop function, or with one that does nothing when LISTEN failed. */
function orNothing(
  logger: Logger,
  what: string,
  listening: Promise<() => Promise<void>>,
): Promise<() => Promise<void>> {
  return listening.catch((error: unknown) => {
    logger.error({ err: error }, `${what}: LISTEN failed`);
    return async () => {};
  });
}

export function registerChatServer(io: Server, options: ChatServerOptions) {
  const { sql, writes, logger, registry: managers } = options;
  const chat = io.of(CHAT_NAMESPACE) as ChatNamespace;
  const limits = createChatLimits(options);
  const desk = createDelegationDesk({ sql, writes, logger, chat, queue: options.dispatcher });
  const teams = watchTeams(sql, logger);
  const sessions = createSessionRegistry({
    sql,
    writes,
    logger,
    chat,
    managers,
    desk,
    leases: options.store.leases,
    teams,
  });
  const owners = createOwnerLink({ sql, writes, chat, sessions, limits, logger });

  const stopPushing = orNothing(
    logger,
    "task updates will not be pushed",
    pushTaskUpdates({ sql, logger, chat }),
  );
  const stopWatching = orNothing(
    logger,
    "admin changes will not reach open chats",
    watchChatAccess({
      sql,
      logger,
      chat,
      async endSessionOf(socket, reason) {
        const runtime = sessions.runtimeOf(socket);
        if (runtime && sessions.get(runtime.sessionId) === runtime)
          await sessions.end(runtime, reason);
      },
      followTeamChange: createTeamFollower({ sql, logger, chat, managers, sessions }),
    }),
  );

  chat.use(createAuthenticator({ sql, secret: options.chatTokenSecret, limits, teams }));
  chat.on("connection", (socket) =>
    setUpConnection({ sql, writes, logger, sessions, desk, limits, owners }, socket),
  );

  return {
    /**
     * Graceful drain: replies being written here finish (or are stopped at `deadline`), every
     * session is given up to the other instances, then each tab's transport is closed so the
     * client reconnects, through the load balancer, to an instance that is not draining.
     */
    async drain(deadline: number) {
      await sessions.drain(deadline);
      for (const socket of chat.sockets.values()) socket.conn.close();
    },
    async close() {
      await (
        await stopPushing
      )();
      await (
        await stopWatching
      )();
      await sessions.close();
      await teams.close();
      await limits.close();
    },
  };
}
