// Runs the real CLI (`npm run cc --`, i.e. tsx server/cli/main.ts) as a child process.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { subscribeChanges, type ChangeEvent } from "@/lib/events/bus";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { runNodeCommand, TSX, type CommandResult } from "@/test/support/node-process";

/** What the CLI writes into performed_by when run by this machine's user. */
export const CLI_ACTOR = `cli:${userInfo().username}`;

export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: string } = {},
): Promise<CommandResult> {
  return runNodeCommand([...TSX, "server/cli/main.ts", ...args], env, options);
}

export interface CliDatabase {
  db: TestDatabase;
  /** The CLI's environment: DATABASE_URL, a DATA_DIR of its own, and `extraEnv`. */
  env: Record<string, string>;
  /** Every change announced on the database's change bus, in order. */
  events: ChangeEvent[];
  close(): Promise<void>;
}

/** A database of its own for the CLI to change, with the change bus followed. */
export async function openCliDatabase(
  adminUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<CliDatabase> {
  const db = await createTestDatabase(adminUrl);
  const dataDir = await mkdtemp(path.join(tmpdir(), "cc-cli-"));
  const events: ChangeEvent[] = [];
  const unsubscribe = await subscribeChanges(db.sql, (event) => events.push(event));
  return {
    db,
    env: { DATABASE_URL: db.url, DATA_DIR: dataDir, ...extraEnv },
    events,
    async close() {
      await unsubscribe();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A failure is one line on stderr (no stack), nothing on stdout, exit code 1. */
export function expectCleanFailure(result: CommandResult, message: RegExp) {
  expect(result).toMatchObject({ code: 1, stdout: "" });
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}
