// Everything that must be true before the first request: a database (embedded or external),
// secrets, the schema, the seeded organisation and a first admin.
import type { Logger } from "pino";
import { createDb, setDb, type Sql } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { externalDatabaseUrl, type Env } from "@/lib/env";
import { redactUrl } from "@/lib/logger";
import { setRuntime, type Runtime } from "@/lib/runtime";
import { loadOrCreateSecrets } from "@/lib/secrets";
import { seedOrganisation } from "@/lib/teams/seed";
import { ensureFirstAdmin, type AdminBootstrap } from "@/lib/users/bootstrap";

export interface Booted {
  sql: Sql;
  runtime: Runtime;
  admin: AdminBootstrap;
  embedded: boolean;
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

export async function boot(env: Env, logger: Logger): Promise<Booted> {
  const external = externalDatabaseUrl(env);
  requireSecretsInProduction(env, Boolean(external));
  const stored = await loadOrCreateSecrets(env.DATA_DIR);

  const database = external
    ? { url: external, owned: false, stop: async () => {} }
    : await startEmbeddedDatabase({
        dataDir: env.DATA_DIR,
        password: stored.databasePassword,
        preferredPort: env.EMBEDDED_PG_PORT,
        logger,
      });
  if (external) logger.info({ database: redactUrl(external) }, "using external PostgreSQL");

  const sql = createDb(database.url);
  try {
    const applied = await migrate(sql);
    logger.info({ applied }, applied.length ? "migrations applied" : "schema up to date");
    logger.info({ outcome: await seedOrganisation(sql) }, "organisation seed");
    const admin = await ensureFirstAdmin(sql, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    const runtime: Runtime = {
      databaseUrl: database.url,
      authSecret: env.AUTH_SECRET ?? stored.authSecret,
      chatTokenSecret: env.JWT_SECRET_KEY ?? stored.chatTokenSecret,
      chatTokenTtlSeconds: env.CHAT_TOKEN_TTL_SECONDS,
    };
    setRuntime(runtime);
    setDb(sql);
    return {
      sql,
      runtime,
      admin,
      embedded: !external,
      async close() {
        await sql.end({ timeout: 5 });
        await database.stop();
      },
    };
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    await database.stop().catch(() => {});
    throw error;
  }
}
