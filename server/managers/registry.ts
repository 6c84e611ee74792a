// Which manager answers for a team: an ELF team server when one is configured for it (by
// TEAM_SERVER_URLS, which wins, or in cc_team_managers), otherwise the built-in manager.
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import { resolveTeamServerUrl, type ManagerEndpoint } from "@/lib/teams/queries";
import { createElfManager } from "./elf";
import type { TeamManager } from "./types";

export interface ManagerRegistry {
  /** `endpoint`: the team's cc_team_managers row as the caller knows it; read when absent. */
  managerFor(
    team: { id: string; name: string },
    endpoint?: ManagerEndpoint | null,
  ): Promise<TeamManager>;
}

export function createManagerRegistry(options: {
  sql: Sql;
  logger: Logger;
  teamServerUrls: Record<string, string>;
  chatTokenSecret: string;
  chatTokenTtlSeconds: number;
  /** How long an ELF chat session outlives its last tab (ELF_SESSION_GRACE_SECONDS). */
  elfSessionGraceSeconds?: number;
  /** The manager of teams without a team server. */
  builtin: TeamManager;
}): ManagerRegistry {
  const { builtin } = options;
  const remote = new Map<string, TeamManager>();
  return {
    async managerFor(team, endpoint) {
      const url = await resolveTeamServerUrl(options.sql, options.teamServerUrls, team, endpoint);
      if (!url) return builtin;
      let manager = remote.get(url);
      if (!manager) {
        manager = createElfManager({
          baseUrl: url,
          secret: options.chatTokenSecret,
          tokenTtlSeconds: options.chatTokenTtlSeconds,
          sessionGraceSeconds: options.elfSessionGraceSeconds,
          logger: options.logger.child({ teamServer: url }),
        });
        remote.set(url, manager);
      }
      return manager;
    },
  };
}
