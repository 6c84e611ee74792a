// Playwright's web server: a current build, a PostgreSQL, a fresh seeded database with one user
// per role, and the built app on E2E_PORT. Everything it started is torn down on SIGINT/SIGTERM.
import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { getEnv } from "@/lib/env";
import { seedOrganisation } from "@/lib/teams/seed";
import { createUser } from "@/lib/users/service";
// @ts-expect-error -- plain ESM script shared with `npm start`
import { ensureBuild } from "../../scripts/start.mjs";
import { startAppProcess, type AppProcess } from "../../test/support/app-process";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { startTestPostgres, type TestPostgres } from "../../test/support/postgres-server";
import { E2E_PORT, E2E_USERS } from "./users";

// How long a signalled app gets to close by itself before it is signalled again (which forces it).
const APP_CLOSE_GRACE_MS = 5_000;

let postgres: TestPostgres | undefined;
let database: TestDatabase | undefined;
let app: AppProcess | undefined;
let stopping: Promise<never> | undefined;

const log = (message: string) => process.stdout.write(`[e2e] ${message}\n`);
const isExternal = () => Boolean(getEnv().TEST_DATABASE_URL);

async function start(): Promise<void> {
  ensureBuild();
  postgres = await startTestPostgres();
  log(isExternal() ? "using TEST_DATABASE_URL" : "started an embedded PostgreSQL");
  database = await createTestDatabase(postgres.adminUrl);
  log(`seed: ${await seedOrganisation(database.sql)}`);
  for (const user of Object.values(E2E_USERS)) await createUser(database.sql, user);
  log(`database ${database.name} ready with ${Object.keys(E2E_USERS).join(", ")}`);
  if (stopping) return;

  app = await startAppProcess(database.url, {
    PORT: String(E2E_PORT),
    ADMIN_EMAIL: E2E_USERS.admin.email,
    ADMIN_PASSWORD: E2E_USERS.admin.password,
    // One account per role serves every spec, so a fast run sends one user well over the default
    // 20 messages a minute and a conversation meets "sending messages too fast" halfway. The limit
    // itself is tested in test/chat/chat-limits.test.ts.
    CHAT_MESSAGES_PER_MINUTE: "200",
  });
  // What the app printed while starting, then everything it prints from now on.
  for (const entry of app.logs) process.stdout.write(entry.endsWith("\n") ? entry : `${entry}\n`);
  app.child.stdout!.pipe(process.stdout);
  app.child.stderr!.pipe(process.stderr);
  app.child.once("exit", (code, signal) => {
    if (stopping) return;
    log(`the app exited unexpectedly (code ${code}, signal ${signal})`);
    void shutdown(1);
  });
  log(`app listening on ${app.url}`);
}

async function stopApp(running: AppProcess): Promise<void> {
  // Ctrl-C and Playwright signal the whole process group, so the app usually got the signal too;
  // a second one would make it exit without closing, so it gets a moment to close by itself.
  const { child } = running;
  if (child.exitCode === null && child.signalCode === null) {
    await Promise.race([once(child, "exit"), delay(APP_CLOSE_GRACE_MS, undefined, { ref: false })]);
  }
  await running.stop();
}

async function step(name: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function shutdown(code: number, started?: Promise<void>): Promise<never> {
  stopping ??= (async () => {
    await started?.catch(() => {});
    if (app) await step("stopping the app", () => stopApp(app!));
    // An embedded server is deleted whole (and got the group's signal too); a shared one is not.
    if (database && isExternal())
      await step(`dropping database ${database.name}`, () => database!.drop());
    else if (database)
      await step("closing the database pool", () => database!.sql.end({ timeout: 1 }));
    if (postgres) await step("stopping PostgreSQL", () => postgres!.stop());
    log("stopped");
    process.exit(code);
  })();
  return stopping;
}

const starting = start();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void shutdown(0, starting));
}
starting.catch((error: unknown) => {
  log(
    `could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  void shutdown(1);
});
