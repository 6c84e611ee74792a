// `npm run db:migrate`: applies migrations to DATABASE_URL, or to the embedded database.
import { createDb } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { externalDatabaseUrl, getEnv } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { loadOrCreateSecrets } from "@/lib/secrets";

const env = getEnv();
const logger = createLogger(env.LOG_LEVEL);
const external = externalDatabaseUrl(env);
const database = external
  ? { url: external, stop: async () => {} }
  : await startEmbeddedDatabase({
      dataDir: env.DATA_DIR,
      password: (await loadOrCreateSecrets(env.DATA_DIR)).databasePassword,
      preferredPort: env.EMBEDDED_PG_PORT,
      logger,
    });
const sql = createDb(database.url, { max: 1 });
try {
  const applied = await migrate(sql);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Schema is up to date.");
} finally {
  await sql.end();
  await database.stop();
}
