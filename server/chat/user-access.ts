// Open chat sockets follow their user's account: when a user is disabled, or their new role is no
// longer one the team allows, their sockets here are told why and closed. Every instance
// subscribes to the change bus and checks only its own sockets.
import type { Logger } from "pino";
import { authorizeChat } from "@/lib/chat/access";
import type { Sql } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { subscribeChanges } from "@/lib/events/bus";
import { selectUserById } from "@/lib/users/queries";
import { toUser } from "@/lib/users/service";
import type { ChatNamespace, ChatSocket } from "./types";

export interface AccessNotice {
  code: string;
  message: string;
}

export function watchUserAccess(deps: {
  sql: Sql;
  chat: ChatNamespace;
  logger: Logger;
  /** Ends the socket's session for everyone in it, says why, and disconnects it. */
  revoke: (socket: ChatSocket, notice: AccessNotice) => Promise<void>;
}): Promise<() => Promise<void>> {
  const { sql, chat, logger } = deps;

  async function noticeFor(socket: ChatSocket, userId: string): Promise<AccessNotice | null> {
    const row = await selectUserById(sql, userId);
    if (!row || row.disabled_at) return { code: "user_disabled", message: "Your account was disabled, so this chat has ended." };
    try {
      socket.data.team = await authorizeChat(sql, socket.data.team.name, row.role);
      socket.data.user = toUser(row);
      return null;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { code: "access_revoked", message: `Your role is now ${row.role}. ${error.message} This chat has ended; its history is kept.` };
    }
  }

  async function recheck(userId: string): Promise<void> {
    const sockets = [...chat.sockets.values()].filter((socket) => socket.data.user?.id === userId);
    for (const socket of sockets) {
      const notice = await noticeFor(socket, userId);
      if (!notice) continue;
      logger.info({ socketId: socket.id, userId, code: notice.code }, "chat access withdrawn");
      await deps.revoke(socket, notice);
    }
  }

  return subscribeChanges(sql, (event) => {
    if (event.type !== "user_changed") return;
    recheck(event.user_id).catch((error: unknown) => logger.error({ err: error, userId: event.user_id }, "could not re-check a user's chat sockets"));
  });
}
