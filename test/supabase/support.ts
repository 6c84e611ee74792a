// A Control Center's Supabase side in-process: a local database linked to a test ELF project
// through the real supabase-js, with the sync (mirror refresh, outbox worker) running.
import pino from "pino";
import { parseEnv } from "@/lib/env";
import { supabaseConfig, type SupabaseConfig } from "@/lib/supabase/config";
import { connectSupabase, type SupabaseConnection } from "@/lib/supabase/connect";
import { startSupabaseSync, type SupabaseSync } from "@/server/supabase";
import type { TestDatabase } from "@/test/support/database";

export const quietLogger = pino({ level: "silent" });

export function projectConfig(url: string, keys: Record<string, string>): SupabaseConfig {
  const config = supabaseConfig(parseEnv({ SUPABASE_URL: url, ...keys }));
  if (!config) throw new Error("Supabase mode is off for this environment");
  return config;
}

export async function linkAndSync(
  local: TestDatabase,
  config: SupabaseConfig,
): Promise<{ connection: SupabaseConnection; sync: SupabaseSync }> {
  const connection = await connectSupabase(config, local.sql, quietLogger);
  const sync = await startSupabaseSync({
    connection,
    sql: local.sql,
    databaseUrl: local.url,
    logger: quietLogger,
  });
  return { connection, sync };
}

export { waitFor } from "@/test/dispatch/support";
