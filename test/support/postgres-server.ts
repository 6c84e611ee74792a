// The PostgreSQL server a test run uses: TEST_DATABASE_URL when set, else an embedded one in a
// temporary directory. Each test file then creates and drops its own database on it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { getEnv } from "@/lib/env";

export interface TestPostgres {
  adminUrl: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const configured = getEnv().TEST_DATABASE_URL;
  if (configured) return { adminUrl: configured, stop: async () => {} };
  const dataDir = await mkdtemp(path.join(tmpdir(), "cc-test-pg-"));
  const database = await startEmbeddedDatabase({
    dataDir,
    password: "test-password-not-secret",
    preferredPort: 0,
    logger: pino({ level: "warn" }),
  });
  return {
    adminUrl: database.url,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
