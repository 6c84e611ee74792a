// The database a process uses: DATABASE_URL / SUPABASE_DB_URL when set, otherwise the embedded
// PostgreSQL in DATA_DIR (started, or shared with the Control Center that already runs it).
import "server-only";
import type { Logger } from "pino";
import { externalDatabaseUrl, type Env } from "../env";
import { redactUrl } from "../logger";
import type { StoredSecrets } from "../secrets";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

export async function openDatabaseServer(
  env: Env,
  logger: Logger,
  storedSecrets: () => Promise<StoredSecrets>,
): Promise<EmbeddedDatabase & { external: boolean }> {
  const external = externalDatabaseUrl(env);
  if (external) {
    logger.info({ database: redactUrl(external) }, "using external PostgreSQL");
    return { url: external, owned: false, external: true, stop: async () => {} };
  }
  const embedded = await startEmbeddedDatabase({
    dataDir: env.DATA_DIR,
    password: (await storedSecrets()).databasePassword,
    preferredPort: env.EMBEDDED_PG_PORT,
    logger,
  });
  return { ...embedded, external: false };
}
