// Supabase mode while the server runs: the registry re-read periodically and on demand, admin
// changes to ELF's columns written to the project first, and the outbox written to the project.
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { SupabaseConnection } from "@/lib/supabase/connect";
import { setSupabaseHooks } from "@/lib/supabase/hooks";
import { recordRefresh } from "@/lib/supabase/link";
import { refreshMirror } from "@/lib/supabase/mirror";
import { writeTeamColumns } from "@/lib/supabase/registry-write";
import { startOutboxWorker, type OutboxWorker } from "./outbox-worker";

export interface SupabaseSync {
  refreshNow(): Promise<{ changed: string[] }>;
  outbox: OutboxWorker;
  stop(): Promise<void>;
}

export async function startSupabaseSync(options: {
  connection: SupabaseConnection;
  sql: Sql;
  databaseUrl: string;
  logger: Logger;
}): Promise<SupabaseSync> {
  const { connection, sql } = options;
  const { client, config } = connection;
  const logger = options.logger.child({ component: "supabase", project: config.host });
  let stale = connection.staleAtStart;
  let running: Promise<{ changed: string[] }> | undefined;

  const refresh = () =>
    (running ??= (async () => {
      try {
        const { changed } = await refreshMirror(client, sql);
        await recordRefresh(sql, null);
        if (stale) logger.info("Supabase project reachable again: registry refreshed");
        stale = false;
        if (changed.length > 0) logger.info({ changed }, "registry changed in the project");
        return { changed };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await recordRefresh(sql, message).catch(() => {});
        if (!stale) logger.warn({ err: error }, "could not read the registry: marked stale");
        stale = true;
        throw error;
      } finally {
        running = undefined;
      }
    })());

  const timer = setInterval(() => {
    refresh().catch(() => {});
  }, config.refreshSeconds * 1000).unref();

  const outbox = await startOutboxWorker({
    databaseUrl: options.databaseUrl,
    sql,
    client,
    logger,
  });

  const refreshNow = async () => {
    try {
      return await refresh();
    } catch (error) {
      throw new AppError(
        "unavailable",
        `The Supabase project at ${config.host} could not be read: ${error instanceof Error ? error.message : String(error)}`,
        "supabase_unreachable",
      );
    }
  };
  setSupabaseHooks({
    writeTeamColumns: (teams, patch) => writeTeamColumns(client, config.host, teams, patch),
    refreshNow,
  });

  return {
    refreshNow,
    outbox,
    async stop() {
      setSupabaseHooks(null);
      clearInterval(timer);
      await running?.catch(() => {});
      await outbox.stop();
    },
  };
}
