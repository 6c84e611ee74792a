// A session follows an admin's change of its team and stays allowed: its next reply comes from
// the manager as the team is reached now (built-in, ELF team server), told about the team as it
// is now (e.g. whether it may propose plans), and every tab learns the limits now in force, the
// time limit included.
import type { Logger } from "pino";
import { selectSession } from "@/lib/chat/queries";
import { sessionExpiresAt, sessionLimits } from "@/lib/chat/service";
import type { Sql } from "@/lib/db/client";
import { readTeamProfile } from "@/lib/teams/profile";
import type { ManagerRegistry } from "../managers/registry";
import { sessionRoom } from "./rooms";
import type { SessionRegistry } from "./sessions";
import type { SessionRuntime } from "./session-runtime";
import { managerOf } from "./snapshot";
import type { ChatNamespace, ChatSocket } from "./types";

/** Returns what to run for one socket of each session whose team changed. */
export function createTeamFollower(deps: {
  sql: Sql;
  logger: Logger;
  chat: ChatNamespace;
  managers: ManagerRegistry;
  sessions: SessionRegistry;
}) {
  const { sql, logger, chat, sessions } = deps;
  const latestChange = new WeakMap<SessionRuntime, number>();

  return async function followTeamChange(socket: ChatSocket): Promise<void> {
    const runtime = sessions.runtimeOf(socket);
    if (!runtime || sessions.get(runtime.sessionId) !== runtime) return;
    const { team } = socket.data;
    // Only the latest of several quick changes tells the tabs and sets the time limit.
    const change = (latestChange.get(runtime) ?? 0) + 1;
    latestChange.set(runtime, change);
    const isLatest = () => latestChange.get(runtime) === change;
    // In turn with sends and other changes, so two quick changes end on the later one.
    const session = await runtime.exclusive(async () => {
      const [manager, profile, row] = await Promise.all([
        deps.managers.managerFor(team),
        readTeamProfile(sql, team.name),
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
    const isOpen = () => sessions.get(runtime.sessionId) === runtime && isLatest();
    if (!session || !isOpen()) return;
    const [limits, manager] = await Promise.all([
      sessionLimits(sql, session, team.chat_config),
      managerOf(socket, runtime),
    ]);
    if (!isOpen()) return;
    chat.to(sessionRoom(session.id)).emit("session:updated", { manager, limits });
    // Told first: a shorter limit may end the session at once.
    runtime.expireAt(sessionExpiresAt(session, team.chat_config));
  };
}
