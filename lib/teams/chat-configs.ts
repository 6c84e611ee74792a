// Each team's chat_config as this instance last read it, kept until the team changes: a planning
// manager proposes with every reply, and reading the policy for each proposal was one statement
// of the four a chat message cost. Every change to a team, by the app, the CLI or a direct write
// to the table (migration 0010's trigger), is announced as team_changed on the change bus, and
// forgets every kept config; so does listening again after the bus's connection was lost, since
// what was announced meanwhile was not heard. A config is stale only from a change's commit until
// its announcement arrives; until the bus is listening nothing is kept.
import "server-only";
import type { Logger } from "pino";
import type { Sql } from "../db/client";
import { subscribeChanges } from "../events/bus";
import { selectChatConfig } from "./queries";
import type { ChatConfig } from "./schemas";

export interface ChatConfigs {
  /** The team's chat_config, read once until the team changes. */
  get(teamId: string): Promise<ChatConfig>;
  close(): Promise<void>;
}

export function watchChatConfigs(sql: Sql, logger: Logger): ChatConfigs {
  const kept = new Map<string, Promise<ChatConfig>>();
  let listening = false;
  const forget = () => kept.clear();
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
    logger.error({ err: error }, "team changes are not heard: chat configs are read every time");
    return async () => {};
  });

  return {
    get(teamId) {
      if (!listening) return selectChatConfig(sql, teamId);
      let config = kept.get(teamId);
      if (!config) {
        const read = selectChatConfig(sql, teamId);
        // A failed read is not kept: the next proposal reads again.
        read.catch(() => kept.get(teamId) === read && kept.delete(teamId));
        kept.set(teamId, (config = read));
      }
      return config;
    },
    async close() {
      listening = false;
      forget();
      await (
        await stop
      )();
    },
  };
}
