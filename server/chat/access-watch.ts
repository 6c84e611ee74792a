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
import type { SessionEndReason } from "@/lib/protocol";
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
  | { allowed: false; socket: ChatSocket; reason: SessionEndReason | null; code: string; message: string };

async function recheck(sql: Sql, socket: ChatSocket): Promise<Verdict> {
  const row = await selectUserById(sql, socket.data.user.id);
  if (!row || row.disabled_at) return { allowed: false, socket, reason: "access_revoked", code: "user_disabled", message: "Your account was disabled, so this chat has ended." };
  if (row.session_version !== (socket.data.claims.session_version ?? 0)) {
    return { allowed: false, socket, reason: null, code: "signed_out", message: "You were signed out (your password was reset). Sign in again to continue this chat." };
  }
  const user = toUser(row);
  try {
    const team = await authorizeChat(sql, socket.data.team.name, user.role);
    return { allowed: true, socket, data: { ...socket.data, user, team } };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const teamName = socket.data.team.display_name;
    return error.reason === "role_not_allowed"
      ? { allowed: false, socket, reason: "access_revoked", code: "access_revoked", message: `Your role is now ${user.role}. ${error.message} This chat with ${teamName} has ended; its history is kept.` }
      : { allowed: false, socket, reason: "chat_disabled", code: error.reason ?? "chat_disabled", message: `${error.message} This chat with ${teamName} has ended; its history is kept.` };
  }
}

export async function watchChatAccess(deps: Deps): Promise<() => Promise<void>> {
  const { sql, logger, chat } = deps;
  const concerns = (event: ChangeEvent, socket: ChatSocket) =>
    (event.type === "team_changed" && socket.data.team.name === event.team) || (event.type === "user_changed" && socket.data.user.id === event.user_id);

  async function apply(event: ChangeEvent) {
    const sockets = [...chat.sockets.values()].filter((socket) => socket.data.user && concerns(event, socket));
    const verdicts = await Promise.all(sockets.map((socket) => recheck(sql, socket)));
    const ended = new Set<string>();
    const following = new Map<string, ChatSocket>();
    for (const verdict of verdicts) {
      if (verdict.allowed) {
        verdict.socket.data = verdict.data;
        const room = [...verdict.socket.rooms].find((name) => name.startsWith("session:"));
        if (event.type === "team_changed" && room && !following.has(room)) following.set(room, verdict.socket);
        continue;
      }
      const { socket, reason, code, message } = verdict;
      const room = [...socket.rooms].find((name) => name.startsWith("session:"));
      if (reason && room && !ended.has(room)) {
        ended.add(room);
        await deps.endSessionOf(socket, reason).catch((error: unknown) => logger.error({ err: error, socketId: socket.id }, "could not end the session"));
      }
      socket.emit("chat:error", { code, message });
      socket.disconnect(true);
    }
    await Promise.all(
      [...following.values()].map((socket) =>
        deps.followTeamChange(socket).catch((error: unknown) => logger.error({ err: error, socketId: socket.id }, "could not follow the team's change")),
      ),
    );
    if (verdicts.some((v) => !v.allowed)) logger.info({ event, closed: verdicts.filter((v) => !v.allowed).length }, "closed chats that are no longer allowed");
  }

  return subscribeChanges(sql, (event) => {
    if (event.type !== "team_changed" && event.type !== "user_changed") return;
    apply(event).catch((error: unknown) => logger.error({ err: error, event }, "could not re-check chat access"));
  });
}
