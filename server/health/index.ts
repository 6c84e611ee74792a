// The team health checker: in the background, every team reached over the network is probed and
// what was seen is stored (cc_team_health); a change is announced, so /teams and /admin/teams
// show reachable / unreachable with the reason and since when.
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import { forgetTeamHealth, recordTeamHealth } from "@/lib/teams/health";
import { probeAgentCard, probeElfTeamServer, type Probe } from "./probe";

export interface HealthCheckerOptions {
  sql: Sql;
  logger: Logger;
  teamServerUrls: Record<string, string>;
  intervalMs: number;
  timeoutMs?: number;
}

interface NetworkTeam {
  id: string;
  name: string;
  kind: "elf" | "a2a";
  url: string;
}

async function networkTeams(sql: Sql, teamServerUrls: Record<string, string>): Promise<NetworkTeam[]> {
  const rows = await sql<{ id: string; name: string; kind: string | null; url: string | null }[]>`
    SELECT t.id::text, t.name, m.kind, m.url FROM teams t LEFT JOIN cc_team_managers m ON m.team_id = t.id`;
  // TEAM_SERVER_URLS wins, as everywhere (lib/teams/queries.ts resolveTeamServerUrl).
  return rows.flatMap((row): NetworkTeam[] => {
    const configured = teamServerUrls[row.name];
    if (configured) return [{ id: row.id, name: row.name, kind: "elf", url: configured.replace(/\/+$/, "") }];
    if ((row.kind === "elf" || row.kind === "a2a") && row.url) return [{ id: row.id, name: row.name, kind: row.kind, url: row.url }];
    return [];
  });
}

export function startHealthChecker(options: HealthCheckerOptions): { checkNow(): Promise<void>; stop(): Promise<void> } {
  const { sql, logger } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function round() {
    const teams = await networkTeams(sql, options.teamServerUrls);
    await forgetTeamHealth(sql, teams.map((team) => team.id));
    await Promise.all(
      teams.map(async (team) => {
        const probe: Probe = team.kind === "elf" ? await probeElfTeamServer(team.url, timeoutMs) : await probeAgentCard(team.url, timeoutMs);
        if (stopped) return;
        const { changed } = await recordTeamHealth(sql, team, { url: team.url, ...probe });
        if (changed) logger.info({ team: team.name, url: team.url, reachable: probe.reachable, reason: probe.reason }, "team server reachability changed");
      }),
    );
  }

  const checkNow = () => {
    running = running.then(round).catch((error: unknown) => logger.error({ err: error }, "team health check failed"));
    return running;
  };
  const timer = setInterval(() => void checkNow(), options.intervalMs);
  timer.unref();
  void checkNow();

  return {
    checkNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
