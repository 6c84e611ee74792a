// What every CLI command runs with: the environment the server reads, the same database (the
// embedded PostgreSQL shared with a running Control Center, or started for the command), the
// schema migrated and the organisation seeded as at boot, and the actor audit rows name.
import { userInfo } from "node:os";
import nextEnv from "@next/env";
import pino from "pino";
import type { Actor } from "@/lib/audit/record";
import type { Sql } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { prepareDatabase } from "../boot";
import { adoptProjectForCli } from "../supabase/cli";

export interface CliContext {
  sql: Sql;
  env: Env;
  /** No account: audit rows say who ran it on this machine, "cli:<os user>". */
  actor: Actor;
  /** The chat-token key exactly as the server resolves it: JWT_SECRET_KEY, else the one in DATA_DIR. */
  chatTokenSecret(): Promise<string>;
}

let verbose = false;

/** Logs as short lines on stderr, so that stdout stays what the command prints (JSON, a token). */
function writeLogLine(line: string): void {
  const { level: _level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
  const details = Object.entries(fields).map(
    ([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`,
  );
  process.stderr.write(
    `note: ${String(msg)}${details.length > 0 ? ` (${details.join(" ")})` : ""}\n`,
  );
}

/** --verbose: the database's start-up and shutdown logs on stderr. */
export function setVerbose(value: boolean): void {
  verbose = value;
}

export function loadCliEnv(): Env {
  // The same .env files, with the same precedence, as the Control Center reads.
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV === "development", {
    info: () => {},
    error: () => {},
  });
  return getEnv();
}

export async function withCliContext<T>(run: (context: CliContext) => Promise<T>): Promise<T> {
  const env = loadCliEnv();
  const logger = pino(
    { level: verbose ? "info" : "warn", base: null, timestamp: false },
    { write: writeLogLine },
  );
  const database = await prepareDatabase(env, logger, { max: 2 });
  adoptProjectForCli(env, database.sql);
  try {
    return await run({
      sql: database.sql,
      env,
      actor: { id: null, email: `cli:${userInfo().username}` },
      chatTokenSecret: async () => env.JWT_SECRET_KEY ?? (await database.stored()).chatTokenSecret,
    });
  } finally {
    await database.close();
  }
}
