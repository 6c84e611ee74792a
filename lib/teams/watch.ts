// What this instance knows of the teams, read once and kept until a team changes:
// - each team as each role sees it, which every chat socket's handshake checks and then holds
//   (one copy for all of a role's sockets instead of one each);
// - its chat_config, which a planning manager's every proposal is checked against;
// - its profile, which every chat session's manager is given (one read of the whole registry,
//   shared by every session with the team instead of one copy each);
// - how its manager is reached, which every session asks when it opens.
// Every change to a team, by the app, the CLI or a direct write to the table (migration 0010's
// trigger), is announced as team_changed on the change bus, and forgets everything kept; so does
// listening again after the bus's connection was lost, since what was announced meanwhile was not
// heard. What is kept is stale only from a change's commit until its announcement arrives; until
// the bus is listening nothing is kept.
import "server-only";
import type { Logger } from "pino";
import type { Role } from "../auth/roles";
import type { Sql } from "../db/client";
import { subscribeChanges } from "../events/bus";
import { readTeamProfile, type TeamProfile } from "./profile";
import { selectChatConfig, selectManagerEndpoint, type ManagerEndpoint } from "./queries";
import type { ChatConfig, Team } from "./schemas";
import { readTeam } from "./service";

export interface TeamWatch {
  /** The team by its name as each role sees it (null when there is no such team). */
  team(slug: string): Promise<(role: Role) => Team | null>;
  /** The team's chat_config, by the team's id. */
  chatConfig(teamId: string): Promise<ChatConfig>;
  /** The team's cc_team_managers row, by the team's id (null: the built-in manager). */
  endpoint(teamId: string): Promise<ManagerEndpoint | null>;
  /** The team's profile, by its name; null when there is no such team. */
  profile(slug: string): Promise<TeamProfile | null>;
  close(): Promise<void>;
}

/** Reads by key, each kept (a failed one is not) until forgotten; nothing is kept while `keeps` says no. */
function keptReads<T>(read: (key: string) => Promise<T>, keeps: () => boolean) {
  const kept = new Map<string, Promise<T>>();
  return {
    get(key: string): Promise<T> {
      if (!keeps()) return read(key);
      let value = kept.get(key);
      if (!value) {
        const reading = read(key);
        reading.catch(() => kept.get(key) === reading && kept.delete(key));
        kept.set(key, (value = reading));
      }
      return value;
    },
    forget: () => kept.clear(),
  };
}

export function watchTeams(sql: Sql, logger: Logger): TeamWatch {
  let listening = false;
  const keeps = () => listening;
  const configs = keptReads((teamId) => selectChatConfig(sql, teamId), keeps);
  const profiles = keptReads((slug) => readTeamProfile(sql, slug), keeps);
  const endpoints = keptReads((teamId) => selectManagerEndpoint(sql, teamId), keeps);
  const teams = keptReads(async (slug) => {
    const teamFor = await readTeam(sql, slug);
    const seen = new Map<Role, Team | null>();
    return (role: Role) => {
      if (!seen.has(role)) seen.set(role, teamFor(role));
      return seen.get(role)!;
    };
  }, keeps);
  const forget = () => {
    configs.forget();
    profiles.forget();
    endpoints.forget();
    teams.forget();
  };
  const stop = subscribeChanges(
    sql,
    (event) => {
      if (event.type === "team_changed") forget();
    },
    () => {
      forget();
      listening = true;
    },
  ).catch((error: unknown) => {
    logger.error({ err: error }, "team changes are not heard: teams are read every time");
    return async () => {};
  });

  return {
    team: teams.get,
    chatConfig: configs.get,
    endpoint: endpoints.get,
    profile: profiles.get,
    async close() {
      listening = false;
      forget();
      await (
        await stop
      )();
    },
  };
}
