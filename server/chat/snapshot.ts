// What a tab is shown when it joins a session: the session, its history, limits, status, the
// reply being written and the latest plan with its earlier versions.
import { selectMessages } from "@/lib/chat/queries";
import { toChatMessage, type SessionRow } from "@/lib/chat/schemas";
import { limitsOf } from "@/lib/chat/service";
import type { Sql } from "@/lib/db/client";
import type { SessionManager, SessionSnapshot } from "@/lib/protocol";
import type { DelegationDesk } from "./delegation";
import type { OwnerLink } from "./owner-link";
import type { SessionRuntime } from "./session-runtime";
import type { ChatSocket } from "./types";

/** How the session's manager is shown: the team's role name and the manager's own label. */
export async function managerOf(
  socket: ChatSocket,
  runtime: SessionRuntime,
): Promise<SessionManager> {
  const label = await runtime.label();
  return { role: socket.data.team.manager?.role ?? "Manager", kind: runtime.managerKind, label };
}

export async function snapshotOf(
  deps: { sql: Sql; desk: DelegationDesk; owners: OwnerLink },
  socket: ChatSocket,
  runtime: SessionRuntime,
  session: SessionRow,
): Promise<SessionSnapshot> {
  const { sql, desk } = deps;
  const { team } = socket.data;
  // The live state (status, reply being written) is the owner's, wherever it runs; it and the
  // stored state are read at once.
  const [view, history, latestPlan] = await Promise.all([
    deps.owners.ask(runtime, "view", null).catch(() => null),
    selectMessages(sql, session.id),
    desk.latestPlan(session.id),
  ]);
  const sent = history.filter((message) => message.role === "user").length;
  return {
    session: {
      id: session.id,
      team: { name: team.name, display_name: team.display_name },
      manager: view
        ? { role: team.manager?.role ?? "Manager", kind: runtime.managerKind, label: view.label }
        : await managerOf(socket, runtime),
      started_at: session.started_at.toISOString(),
      ended_at: session.ended_at?.toISOString() ?? null,
      read_only: false,
    },
    history: history.map(toChatMessage),
    limits: limitsOf(session, team.chat_config, sent),
    status: view?.status ?? runtime.status,
    pending_reply: view?.pending_reply ?? null,
    preview: latestPlan?.plan ?? null,
    preview_versions: latestPlan?.versions ?? [],
  };
}
