// `npm run db:migrate`: applies migrations to DATABASE_URL, or to the embedded database.
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { openDatabaseServer } from "@/lib/db/open";
import { getEnv } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { storedSecretsLoader } from "@/lib/secrets";

const env = getEnv();
const database = await openDatabaseServer(
  env,
  createLogger(env.LOG_LEVEL),
  storedSecretsLoader(env.DATA_DIR),
);
const sql = createDb(database.url, { max: 1 });
try {
  const applied = await migrate(sql);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Schema is up to date.");
} finally {
  await sql.end();
  await database.stop();
}
