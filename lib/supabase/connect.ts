// Adopting the project at start: check it, link this database to it and read the registry. A
// project that cannot be reached stops the first start; after a successful one the Control
// Center starts on its mirror, marked stale until the project answers again.
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Logger } from "pino";
import type { Sql } from "../db/client";
import { StartupError } from "../startup-error";
import { checkProject } from "./check";
import { createSupabaseClient } from "./client";
import { describeKey, type SupabaseConfig } from "./config";
import { linkProject, recordRefresh } from "./link";
import { refreshMirror } from "./mirror";

export interface SupabaseConnection {
  config: SupabaseConfig;
  client: SupabaseClient;
  /** Started on the mirror of an earlier start because the project could not be reached. */
  staleAtStart: boolean;
}

export async function connectSupabase(
  config: SupabaseConfig,
  sql: Sql,
  logger: Logger,
): Promise<SupabaseConnection> {
  const client = createSupabaseClient(config);
  const fields = { project: config.host, key: describeKey(config) };
  if (config.publicKey) {
    logger.warn(
      fields,
      `only a public key is set (${config.keyVariable}): ELF's tables accept this key's writes, so anyone who holds it can change them. Set SUPABASE_SERVICE_ROLE_KEY and keep the anon key's rights to reading.`,
    );
  }
  const check = await checkProject(client, config);
  if (!check.reachable) {
    const [previous] = await sql<{ project_host: string; last_refresh_at: Date | null }[]>`
      SELECT project_host, last_refresh_at FROM cc_supabase_link`;
    if (previous?.project_host !== config.host || !previous.last_refresh_at) {
      throw new StartupError(
        `Could not reach the Supabase project at SUPABASE_URL=${config.url} (${check.reason}).\n` +
          `Check SUPABASE_URL (Project Settings → API, e.g. https://abcd.supabase.co) and the network. ` +
          `Once a first start has read the project, the Control Center keeps working on its copy while the project is away.`,
      );
    }
    await linkProject(sql, { host: config.host, keyKind: config.keyKind });
    await recordRefresh(sql, `unreachable at start: ${check.reason}`);
    logger.warn(
      { ...fields, reason: check.reason, mirrored_at: previous.last_refresh_at },
      "Supabase project unreachable: working on the registry as last read (stale)",
    );
    return { config, client, staleAtStart: true };
  }
  await linkProject(sql, { host: config.host, keyKind: config.keyKind });
  const { teams, changed } = await refreshMirror(client, sql);
  await recordRefresh(sql, null);
  if (teams === 0)
    logger.warn(
      fields,
      "the Supabase project's teams table is empty (or hidden from this key by row-level security)",
    );
  logger.info({ ...fields, teams, changed: changed.length }, "ELF registry read from Supabase");
  return { config, client, staleAtStart: false };
}
