// The session registry: this instance's live chat sessions, sessionId → SessionRuntime. It is the
// one place a runtime is created (acquire) or a session ended (end), and it knows which sockets
// (tabs) are attached to which session.
//
//   acquire(sessionId, owner)  the session's runtime, created on first use for the owner's team
//   get(sessionId)             the runtime this instance holds for the session, if any
//   attach(socket, runtime)    the socket joins the session's room and counts as one of its tabs
//   detach(socket)             the socket leaves its session; the last tab to leave releases it
//   runtimeOf(socket)          the runtime the socket is attached to (kept after the session ended)
//   release(runtime)           closes the manager line once the reply being written is stored,
//                              when no tab is attached; the session stays open to resume later
//   end(runtime, reason)       ends the session for every tab and closes its runtime
//   claim(runtime)             takes the session's lease when it is free: this instance becomes
//                              the owner, the one that opens the manager line and writes replies
//   drain(deadline)            lets the replies being written finish (stops them at the deadline)
//                              and gives every lease up, so other instances take the sessions over
//   close()                    closes every runtime (server shutdown); sessions stay open
//
// A runtime is held from acquire until release or end, on every instance with a tab of the
// session. Exactly one of them owns it: the lease (server/fleet) names the owner and lapses a few
// seconds after the owner stops renewing it (killed); every few seconds each instance renews the
// leases it holds and tries to take those of its sessions that nobody holds. What a tab asks of a
// session another instance owns is forwarded there (owner-link.ts).
import type { Logger } from "pino";
import { endChatSession } from "@/lib/chat/service";
import type { Sql } from "@/lib/db/client";
import type { GroupCommit } from "@/lib/db/group-commit";
import { AppError } from "@/lib/errors";
import type { SessionEndReason, SessionSummary } from "@/lib/protocol";
import type { TeamWatch } from "@/lib/teams/watch";
import type { Team } from "@/lib/teams/schemas";
import type { User } from "@/lib/users/schemas";
import type { Leases } from "../fleet";
import { registerSessionMetrics } from "../metrics/registry";
import type { ManagerRegistry } from "../managers/registry";
import type { PlanOffer } from "../managers/types";
import type { DelegationDesk } from "./delegation";
import { sessionRoom } from "./rooms";
import { SessionRuntime } from "./session-runtime";
import type { ChatNamespace, ChatSocket } from "./types";

/** Whose session it is: the user chatting and the team they chat with. */
export interface SessionOwner {
  user: User;
  team: Team;
}

export interface SessionRegistry {
  acquire(sessionId: string, owner: SessionOwner): Promise<SessionRuntime>;
  get(sessionId: string): SessionRuntime | undefined;
  attach(socket: ChatSocket, runtime: SessionRuntime): Promise<void>;
  detach(socket: ChatSocket): void;
  runtimeOf(socket: ChatSocket): SessionRuntime | undefined;
  release(runtime: SessionRuntime): void;
  end(runtime: SessionRuntime, reason: SessionEndReason): Promise<SessionSummary | null>;
  claim(runtime: SessionRuntime): Promise<boolean>;
  readonly isDraining: boolean;
  drain(deadline: number): Promise<void>;
  close(): Promise<void>;
}

/** The owner renews its leases this often; a lease lapses this long after the last renewal. */
export const LEASE_RENEW_MS = 2_000;
export const LEASE_TTL_MS = 8_000;
const leaseKey = (sessionId: string) => `chat-session:${sessionId}`;

export function createSessionRegistry(deps: {
  sql: Sql;
  writes: GroupCommit;
  logger: Logger;
  chat: ChatNamespace;
  managers: ManagerRegistry;
  desk: DelegationDesk;
  leases: Leases;
  /** Each team's chat_config, profile and manager endpoint, kept until a team changes. */
  teams: Pick<TeamWatch, "chatConfig" | "profile" | "endpoint">;
}): SessionRegistry {
  const { sql, logger, chat, desk, leases } = deps;
  let isDraining = false;
  let renewedAt = Date.now();
  const runtimes = new Map<string, SessionRuntime>();
  /** socket id → the runtime it is attached to. */
  const attached = new Map<string, SessionRuntime>();
  /** session id → how many sockets of this instance are attached to it. */
  const tabs = new Map<string, number>();

  const isHeld = (runtime: SessionRuntime) => runtimes.get(runtime.sessionId) === runtime;
  registerSessionMetrics(() => {
    let owned = 0;
    for (const runtime of runtimes.values()) if (runtime.isOwner) owned += 1;
    return owned;
  });

  async function create(sessionId: string, { user, team }: SessionOwner): Promise<SessionRuntime> {
    const [profile, manager] = await Promise.all([
      deps.teams.profile(team.name),
      deps.teams.endpoint(team.id).then((endpoint) => deps.managers.managerFor(team, endpoint)),
    ]);
    if (!profile) throw new AppError("not_found", `There is no team called ${team.name}.`);
    // The policy as it is when the plan arrives (as of the team's last change this instance has
    // heard of), not when the session opened: an admin may have turned previews off or
    // confirmation on meanwhile.
    const propose = async ({ draft, origin }: { draft: unknown; origin?: PlanOffer["origin"] }) =>
      desk.propose({
        sessionId,
        teamId: team.id,
        user: { id: user.id, email: user.email },
        config: await deps.teams.chatConfig(team.id),
        draft,
        origin,
      });
    const runtime: SessionRuntime = new SessionRuntime(sessionId, {
      writes: deps.writes,
      logger,
      manager,
      context: {
        team: profile,
        user: { id: user.id, role: user.role },
        sessionId,
        currentPlan: () => desk.latestPlan(sessionId).then((latest) => latest?.plan ?? null),
      },
      emit: (event, ...args) => chat.to(sessionRoom(sessionId)).emit(event, ...args),
      onReplyDone: async ({ draft }) => {
        if (draft) await propose({ draft });
      },
      onExpired: () =>
        void registry
          .end(runtime, "duration_limit")
          .catch((error: unknown) =>
            logger.error({ err: error, sessionId }, "could not end session"),
          ),
      onConnected: (connection) =>
        connection.onPlanOffered?.(
          (offer) =>
            void propose(offer).catch((error: unknown) =>
              logger.error({ err: error, sessionId }, "could not store the team server's plan"),
            ),
        ),
    });
    return runtime;
  }

  const registry: SessionRegistry = {
    async acquire(sessionId, owner) {
      const existing = runtimes.get(sessionId);
      if (existing) return existing;
      const created = await create(sessionId, owner);
      // Another socket may have created it while this one read the team.
      const runtime = runtimes.get(sessionId) ?? (runtimes.set(sessionId, created), created);
      await registry.claim(runtime);
      return runtime;
    },

    get: (sessionId) => runtimes.get(sessionId),

    async attach(socket, runtime) {
      registry.detach(socket);
      attached.set(socket.id, runtime);
      tabs.set(runtime.sessionId, (tabs.get(runtime.sessionId) ?? 0) + 1);
      await socket.join(sessionRoom(runtime.sessionId));
    },

    detach(socket) {
      const runtime = attached.get(socket.id);
      if (!runtime) return;
      attached.delete(socket.id);
      void socket.leave(sessionRoom(runtime.sessionId));
      const left = (tabs.get(runtime.sessionId) ?? 1) - 1;
      if (left > 0) tabs.set(runtime.sessionId, left);
      else tabs.delete(runtime.sessionId);
      if (left <= 0) registry.release(runtime);
    },

    runtimeOf: (socket) => attached.get(socket.id),

    release(runtime) {
      // Let a reply in progress finish and be stored before the manager line is closed.
      void (runtime.inflight?.done ?? Promise.resolve()).then(() => {
        if (!tabs.has(runtime.sessionId) && isHeld(runtime)) {
          runtimes.delete(runtime.sessionId);
          void runtime.detach().then(() => giveBack(runtime));
        }
      });
    },

    async end(runtime, reason) {
      await runtime.stop();
      const summary = await endChatSession(sql, runtime.sessionId, reason);
      if (summary) chat.to(sessionRoom(runtime.sessionId)).emit("session:ended", summary);
      if (isHeld(runtime)) runtimes.delete(runtime.sessionId);
      await runtime.close();
      await giveBack(runtime);
      return summary;
    },

    async claim(runtime) {
      if (runtime.isOwner) return true;
      if (isDraining || !isHeld(runtime)) return false;
      const isWon = await leases
        .acquire(leaseKey(runtime.sessionId), LEASE_TTL_MS)
        .catch((error: unknown) => {
          logger.warn({ err: error, sessionId: runtime.sessionId }, "could not claim the session");
          return false;
        });
      if (!isWon) return false;
      if (!isHeld(runtime) || isDraining) {
        // Won for a runtime let go meanwhile (its last tab left) or while draining: nobody here
        // would renew the lease, and other instances could not take the session until it lapsed.
        // A runtime made since for the same session claims it again for itself.
        if (isDraining || !runtimes.has(runtime.sessionId)) await releaseLease(runtime.sessionId);
        return false;
      }
      if (!runtime.isOwner) {
        logger.debug({ sessionId: runtime.sessionId }, "this instance owns the session now");
        runtime.takeOver();
      }
      return true;
    },

    get isDraining() {
      return isDraining;
    },

    async drain(deadline) {
      isDraining = true;
      clearInterval(renewal);
      const owned = [...runtimes.values()].filter((runtime) => runtime.isOwner);
      const writing = owned.flatMap((runtime) => (runtime.inflight ? [runtime.inflight.done] : []));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(writing),
        new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timer);
      // Past the deadline a reply is stopped: what was written is kept, marked as stopped.
      await Promise.all(owned.map((runtime) => runtime.stop()));
      await Promise.all(owned.map((runtime) => runtime.giveUp().then(() => giveBack(runtime))));
    },

    async close() {
      isDraining = true;
      clearInterval(renewal);
      const held = [...runtimes.values()];
      runtimes.clear();
      await Promise.all(held.map((runtime) => runtime.close().then(() => giveBack(runtime))));
    },
  };

  /** Gives the lease up so another instance takes the session at once, not when it lapses. */
  async function giveBack(runtime: SessionRuntime): Promise<void> {
    if (!runtime.isOwner && !isDraining) return;
    runtime.isOwner = false;
    await releaseLease(runtime.sessionId);
  }

  function releaseLease(sessionId: string): Promise<void> {
    return leases
      .release(leaseKey(sessionId))
      .catch((error: unknown) =>
        logger.warn({ err: error, sessionId }, "could not give the session up"),
      );
  }

  /** Renews this instance's leases, steps down from those it lost, claims its orphaned sessions. */
  async function renewLeases(): Promise<void> {
    const owned = [...runtimes.values()].filter((runtime) => runtime.isOwner);
    try {
      const kept = await leases.renew(
        owned.map((runtime) => leaseKey(runtime.sessionId)),
        LEASE_TTL_MS,
      );
      renewedAt = Date.now();
      for (const runtime of owned)
        if (!kept.has(leaseKey(runtime.sessionId)) && runtime.isOwner) {
          logger.warn({ sessionId: runtime.sessionId }, "lost the session's lease; stepping down");
          void runtime.giveUp();
        }
    } catch (error) {
      logger.warn({ err: error }, "could not renew the session leases");
      // Unrenewed, the leases lapse and another instance may take the sessions: step down first.
      if (Date.now() - renewedAt > LEASE_TTL_MS - LEASE_RENEW_MS)
        for (const runtime of owned) void runtime.giveUp();
      return;
    }
    for (const runtime of runtimes.values())
      if (!runtime.isOwner && tabs.has(runtime.sessionId)) await registry.claim(runtime);
  }

  let isRenewing = false;
  const renewal = setInterval(() => {
    if (isRenewing || isDraining) return;
    isRenewing = true;
    void renewLeases().finally(() => (isRenewing = false));
  }, LEASE_RENEW_MS);
  renewal.unref();

  return registry;
}
