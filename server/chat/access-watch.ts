// Chat access follows admin changes at once. When a team's settings or a user's account change,
// every open chat socket they concern is checked again: one that may still chat picks up the new
// team settings (and its session follows the team's change: manager, profile, limits); one that
// may not has its session ended politely — the reason is shown and the history kept — and is closed.
// A socket whose sign-in was ended (a password reset) is closed without ending its chat, which the
// user can resume once signed in again.
import type { Logger } from "pino";
import { authorizeChat } from "@/lib/chat/access";
import type { Sql } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { subscribeChanges, type ChangeEvent } from "@/lib/events/bus";
import type { Role } from "@/lib/auth/roles";
import type { SessionEndReason } from "@/lib/protocol";
import type { Team } from "@/lib/teams/schemas";
import { selectUserById } from "@/lib/users/queries";
import { toUser } from "@/lib/users/service";
import type { ChatNamespace, ChatSocket } from "./types";

interface Deps {
  sql: Sql;
  logger: Logger;
  chat: ChatNamespace;
  /** Ends the session this socket is in (once, for every tab in it). */
  endSessionOf(socket: ChatSocket, reason: SessionEndReason): Promise<void>;
  /** The team of the session this socket is in changed and the socket may still chat (once per session). */
  followTeamChange(socket: ChatSocket): Promise<void>;
}

type Verdict =
  | { allowed: true; socket: ChatSocket; data: ChatSocket["data"] }
  | {
      allowed: false;
      socket: ChatSocket;
      reason: SessionEndReason | null;
      code: string;
      message: string;
    };

/**
 * One change may concern thousands of sockets: each user, and each team's answer for a role, is
 * read once per change however many sockets share it.
 */
function lookupsFor(sql: Sql) {
  const users = new Map<string, ReturnType<typeof selectUserById>>();
  const answers = new Map<string, Promise<Team | AppError>>();
  return {
    user(id: string) {
      if (!users.has(id)) users.set(id, selectUserById(sql, id));
      return users.get(id)!;
    },
    /** The team when this role may chat with it, otherwise the refusal. */
    access(team: string, role: Role) {
      const key = `${team} ${role}`;
      if (!answers.has(key))
        answers.set(
          key,
          authorizeChat(sql, team, role).catch((error: unknown) =>
            error instanceof AppError ? error : Promise.reject(error),
          ),
        );
      return answers.get(key)!;
    },
  };
}

async function recheck(
  lookups: ReturnType<typeof lookupsFor>,
  socket: ChatSocket,
): Promise<Verdict> {
  const row = await lookups.user(socket.data.user.id);
  if (!row || row.disabled_at)
    return {
      allowed: false,
      socket,
      reason: "access_revoked",
      code: "user_disabled",
      message: "Your account was disabled, so this chat has ended.",
    };
  if (row.session_version !== (socket.data.claims.session_version ?? 0)) {
    return {
      allowed: false,
      socket,
      reason: null,
      code: "signed_out",
      message:
        "You were signed out (your password was reset). Sign in again to continue this chat.",
    };
  }
  const user = toUser(row);
  const access = await lookups.access(socket.data.team.name, user.role);
  if (!(access instanceof AppError))
    return { allowed: true, socket, data: { ...socket.data, user, team: access } };
  const teamName = socket.data.team.display_name;
  return access.reason === "role_not_allowed"
    ? {
        allowed: false,
        socket,
        reason: "access_revoked",
        code: "access_revoked",
        message: `Your role is now ${user.role}. ${access.message} This chat with ${teamName} has ended; its history is kept.`,
      }
    : {
        allowed: false,
        socket,
        reason: "chat_disabled",
        code: access.reason ?? "chat_disabled",
        message: `${access.message} This chat with ${teamName} has ended; its history is kept.`,
      };
}

export async function watchChatAccess(deps: Deps): Promise<() => Promise<void>> {
  const { sql, logger, chat } = deps;
  const concerns = (event: ChangeEvent, socket: ChatSocket) =>
    (event.type === "team_changed" && socket.data.team.name === event.team) ||
    (event.type === "user_changed" && socket.data.user.id === event.user_id);

  async function apply(event: ChangeEvent) {
    const sockets = [...chat.sockets.values()].filter(
      (socket) => socket.data.user && concerns(event, socket),
    );
    const lookups = lookupsFor(sql);
    const verdicts = await Promise.all(sockets.map((socket) => recheck(lookups, socket)));
    const ended = new Set<string>();
    const following = new Map<string, ChatSocket>();
    for (const verdict of verdicts) {
      if (verdict.allowed) {
        verdict.socket.data = verdict.data;
        const room = [...verdict.socket.rooms].find((name) => name.startsWith("session:"));
        if (event.type === "team_changed" && room && !following.has(room))
          following.set(room, verdict.socket);
        continue;
      }
      const { socket, reason, code, message } = verdict;
      const room = [...socket.rooms].find((name) => name.startsWith("session:"));
      if (reason && room && !ended.has(room)) {
        ended.add(room);
        await deps
          .endSessionOf(socket, reason)
          .catch((error: unknown) =>
            logger.error({ err: error, socketId: socket.id }, "could not end the session"),
          );
      }
      socket.emit("chat:error", { code, message });
      socket.disconnect(true);
    }
    await Promise.all(
      [...following.values()].map((socket) =>
        deps
          .followTeamChange(socket)
          .catch((error: unknown) =>
            logger.error({ err: error, socketId: socket.id }, "could not follow the team's change"),
          ),
      ),
    );
    if (verdicts.some((v) => !v.allowed))
      logger.info(
        { event, closed: verdicts.filter((v) => !v.allowed).length },
        "closed chats that are no longer allowed",
      );
  }

  return subscribeChanges(sql, (event) => {
    if (event.type !== "team_changed" && event.type !== "user_changed") return;
    apply(event).catch((error: unknown) =>
      logger.error({ err: error, event }, "could not re-check chat access"),
    );
  });
}
