// The team health checker: in the background, every team reached over the network is probed and
// what was seen is stored (cc_team_health); a change is announced, so /teams and /admin/teams
// show reachable / unreachable with the reason and since when. With several Control Center
// instances on one database, one of them does the rounds: the one holding a session advisory lock
// on a connection of its own. When it stops (or dies, taking its connection along) another takes
// over at its next tick.
import type { Logger } from "pino";
import { createDb, usesTransactionPooler, type Sql } from "@/lib/db/client";
import { forgetTeamHealth, recordTeamHealth } from "@/lib/teams/health";
import { probeAgentCard, probeElfTeamServer, type Probe } from "./probe";

export interface HealthCheckerOptions {
  sql: Sql;
  /** For the checker lock's own connection. */
  databaseUrl: string;
  logger: Logger;
  teamServerUrls: Record<string, string>;
  intervalMs: number;
  timeoutMs?: number;
}

/** (namespace, key) of the checker's advisory lock; server/dispatch/locks.ts uses 727_010. */
const CHECKER_LOCK = [727_020, 1] as const;
/** How long the lock connection may take to say whether this instance holds the lock. */
const LOCK_ANSWER_MS = 10_000;

interface NetworkTeam {
  id: string;
  name: string;
  kind: "elf" | "a2a";
  url: string;
}

async function networkTeams(
  sql: Sql,
  teamServerUrls: Record<string, string>,
): Promise<NetworkTeam[]> {
  const rows = await sql<{ id: string; name: string; kind: string | null; url: string | null }[]>`
    SELECT t.id::text, t.name, m.kind, m.url FROM teams t LEFT JOIN cc_team_managers m ON m.team_id = t.id`;
  // TEAM_SERVER_URLS wins, as everywhere (lib/teams/queries.ts resolveTeamServerUrl).
  return rows.flatMap((row): NetworkTeam[] => {
    const configured = teamServerUrls[row.name];
    if (configured)
      return [{ id: row.id, name: row.name, kind: "elf", url: configured.replace(/\/+$/, "") }];
    if ((row.kind === "elf" || row.kind === "a2a") && row.url)
      return [{ id: row.id, name: row.name, kind: row.kind, url: row.url }];
    return [];
  });
}

export function startHealthChecker(options: HealthCheckerOptions): {
  checkNow(): Promise<void>;
  stop(): Promise<void>;
} {
  const { sql, logger } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  // A connection of its own (not one reserved from the pool: postgres.js cannot recover a reserved
  // connection whose server went away, and the pool retires its connections after a while).
  let lockDb = createDb(options.databaseUrl, { max: 1, holdsLocks: true });
  let isChecker = false;

  /** Whether this instance is the checker: it still holds the lock, or took it because it was free. */
  async function holdCheckerLock(): Promise<boolean> {
    // Asked every round: a connection that was lost and reopened no longer holds the lock.
    const asked = lockDb<{ held: boolean }[]>`
      SELECT CASE WHEN EXISTS (
        SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
          AND classid = ${CHECKER_LOCK[0]} AND objid = ${CHECKER_LOCK[1]} AND objsubid = 2
      ) THEN true ELSE pg_try_advisory_lock(${CHECKER_LOCK[0]}, ${CHECKER_LOCK[1]}) END AS held`;
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<"unanswered">((resolve) => {
      timer = setTimeout(() => resolve("unanswered"), LOCK_ANSWER_MS);
    });
    const answer = await Promise.race([asked, unanswered]).finally(() => clearTimeout(timer));
    if (answer === "unanswered") {
      // A connection whose server went away mid-query can leave postgres.js waiting for good
      // (porsager/postgres#1142): drop it, lock and all, and ask on a new one next round, rather
      // than stall every later round and stop() behind this one.
      asked.catch(() => {});
      const dead = lockDb;
      lockDb = createDb(options.databaseUrl, { max: 1, holdsLocks: true });
      void dead.end({ timeout: 0 }).catch(() => {});
      throw new Error(`the checker lock's connection did not answer within ${LOCK_ANSWER_MS} ms`);
    }
    const held = answer[0]?.held ?? false;
    if (held !== isChecker)
      logger.info(
        held ? "this instance now checks team health" : "another instance checks team health now",
      );
    isChecker = held;
    return held;
  }

  // Through a transaction pooler a session lock lands on whichever server connection the pooler
  // picks and stays there: every instance checks then (a few more probes), rather than none.
  const lockable = !usesTransactionPooler(options.databaseUrl);

  async function round() {
    if (stopped || (lockable && !(await holdCheckerLock()))) return;
    const teams = await networkTeams(sql, options.teamServerUrls);
    await forgetTeamHealth(
      sql,
      teams.map((team) => team.id),
    );
    await Promise.all(
      teams.map(async (team) => {
        const probe: Probe =
          team.kind === "elf"
            ? await probeElfTeamServer(team.url, timeoutMs)
            : await probeAgentCard(team.url, timeoutMs);
        if (stopped) return;
        const { changed } = await recordTeamHealth(sql, team, { url: team.url, ...probe });
        if (changed)
          logger.info(
            { team: team.name, url: team.url, reachable: probe.reachable, reason: probe.reason },
            "team server reachability changed",
          );
      }),
    );
  }

  let busy = false;
  const checkNow = () => {
    running = running
      .then(async () => {
        busy = true;
        await round();
      })
      .catch((error: unknown) => logger.error({ err: error }, "team health check failed"))
      .finally(() => (busy = false));
    return running;
  };
  // A round slower than the interval (team servers timing out) skips ticks rather than queueing them.
  const timer = setInterval(() => void (busy || checkNow()), options.intervalMs);
  timer.unref();
  void checkNow();

  return {
    checkNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await lockDb.end({ timeout: 5 }); // and with its connection, the lock
    },
  };
}
