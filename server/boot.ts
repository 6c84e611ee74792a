// Everything that must be true before the first request: a database (embedded or external),
// secrets, the schema, the seeded organisation and a first admin.
import type { Logger } from "pino";
import { createDb, setDb, type Sql } from "@/lib/db/client";
import { openDatabaseServer } from "@/lib/db/open";
import { migrate } from "@/lib/db/migrate";
import { externalDatabaseUrl, type Env } from "@/lib/env";
import { setRuntime, type Runtime } from "@/lib/runtime";
import { storedSecretsLoader } from "@/lib/secrets";
import { connectSupabase, type SupabaseConnection } from "@/lib/supabase/connect";
import { supabaseConfig } from "@/lib/supabase/config";
import { unlinkProject } from "@/lib/supabase/link";
import { seedOrganisation } from "@/lib/teams/seed";
import { ensureFirstAdmin, type AdminBootstrap } from "@/lib/users/bootstrap";

export interface Booted {
  sql: Sql;
  runtime: Runtime;
  admin: AdminBootstrap;
  embedded: boolean;
  /** Supabase mode: the project adopted through supabase-js; null otherwise. */
  supabase: SupabaseConnection | null;
  close(): Promise<void>;
}

function requireSecretsInProduction(env: Env, external: boolean): void {
  if (env.NODE_ENV !== "production" || !external) return;
  const missing = (["AUTH_SECRET", "JWT_SECRET_KEY"] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(" and ")} must be set in production with an external database (at least 32 characters each).`,
    );
  }
}

export interface PreparedDatabase {
  sql: Sql;
  /** The DATA_DIR secrets, read (or created) on first need. */
  stored: ReturnType<typeof storedSecretsLoader>;
  url: string;
  external: boolean;
  close(): Promise<void>;
}

/**
 * The database as every process here needs it — the server and the CLI alike: the embedded server
 * (shared with any other process on DATA_DIR) or the external one, migrated, the organisation seeded.
 */
export async function prepareDatabase(
  env: Env,
  logger: Logger,
  options: { max?: number } = {},
): Promise<PreparedDatabase> {
  const stored = storedSecretsLoader(env.DATA_DIR);
  const database = await openDatabaseServer(env, logger, stored);
  const sql = createDb(database.url, options);
  const close = async () => {
    await sql.end({ timeout: 5 });
    await database.stop();
  };
  try {
    const applied = await migrate(sql);
    logger.info({ applied }, applied.length ? "migrations applied" : "schema up to date");
    // In Supabase mode the organisation is the project's: never the demo seed.
    if (supabaseConfig(env))
      logger.info("organisation seed skipped: the registry is the Supabase project's");
    else logger.info({ outcome: await seedOrganisation(sql) }, "organisation seed");
    return { sql, stored, url: database.url, external: database.external, close };
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    await database.stop().catch(() => {});
    throw error;
  }
}

export async function boot(env: Env, logger: Logger): Promise<Booted> {
  requireSecretsInProduction(env, Boolean(externalDatabaseUrl(env)));
  const supabaseProject = supabaseConfig(env);
  const database = await prepareDatabase(env, logger);
  const { sql, stored } = database;
  try {
    const supabase = supabaseProject
      ? await connectSupabase(supabaseProject, sql, logger)
      : (await unlinkProject(sql), null);
    const admin = await ensureFirstAdmin(sql, {
      email: env.ADMIN_EMAIL,
      password: env.ADMIN_PASSWORD,
    });
    const runtime: Runtime = {
      databaseUrl: database.url,
      authSecret: env.AUTH_SECRET ?? (await stored()).authSecret,
      chatTokenSecret: env.JWT_SECRET_KEY ?? (await stored()).chatTokenSecret,
      chatTokenTtlSeconds: env.CHAT_TOKEN_TTL_SECONDS,
    };
    setRuntime(runtime);
    setDb(sql);
    return {
      sql,
      runtime,
      admin,
      embedded: !database.external,
      supabase,
      close: database.close,
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
