// Child processes for the benchmark: each server runs in its own process, as deployed, and so do
// the idle-session load generators. Every process started here is stopped however the run ends:
// at its end, on SIGINT/SIGTERM, or when the benchmark itself crashes.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startNodeProcess, TSX, type NodeProcess } from "@/test/support/node-process";
import { within } from "./deadline";

export interface Child extends NodeProcess {
  /** Retained memory after a forced GC (the child must handle SIGUSR2, see chat-server.ts). */
  memory(): Promise<Memory>;
}

export type Memory = { rss: number; heapUsed: number; external: number };

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

function track(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

function killAll(signal: NodeJS.Signals): void {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}

/** Runs `cleanup` (e.g. stopping an embedded PostgreSQL) if the run is interrupted. */
export function onInterrupt(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

let installed = false;
/** From here on, SIGINT/SIGTERM and any exit stop every child process the benchmark started. */
export function stopChildrenOnExit(): void {
  if (installed) return;
  installed = true;
  process.once("exit", () => killAll("SIGKILL"));
  const interrupt = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping every process the benchmark started`);
    killAll("SIGTERM");
    const waited = Promise.all([
      ...[...children].map((child) => new Promise((resolve) => child.once("exit", resolve))),
      ...cleanups.map((cleanup) => cleanup().catch(() => {})),
    ]);
    void within(5_000, waited, "stopping the children")
      .catch(() => {})
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
}

/** Node flags for the Control Center only, e.g. BENCH_CC_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
export const CONTROL_CENTER_FLAGS = (process.env.BENCH_CC_NODE_FLAGS ?? "")
  .split(/\s+/)
  .filter(Boolean);

const ORPHAN_GUARD = ["--import", path.resolve(import.meta.dirname, "orphan-guard.mjs")];

/** Starts a TypeScript entry with tsx (GC exposed) and waits for its JSON `listening` log line. */
export async function spawnServer(
  entry: string,
  args: string[],
  env: Record<string, string>,
  listening: string,
  nodeFlags: string[] = [],
): Promise<Child> {
  const child = await startNodeProcess({
    args: ["--expose-gc", ...nodeFlags, ...ORPHAN_GUARD, ...TSX, entry, ...args],
    env: { LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    listening,
    host: "127.0.0.1",
    // Starting takes seconds on an idle machine and far longer on a loaded one.
    timeoutMs: 120_000,
  });
  track(child.child);
  return {
    ...child,
    memory() {
      const report = child.waitForLog(
        (e) => (e.msg === "memory" ? (e as unknown as Memory) : undefined),
        60_000,
      );
      child.child.kill("SIGUSR2");
      return report;
    },
    // A server that does not stop within its shutdown deadline is killed: the run goes on.
    async stop(signal = "SIGTERM") {
      return within(25_000, child.stop(signal), `stopping ${entry}`).catch(() =>
        child.stop("SIGKILL"),
      );
    },
  };
}

/** Forks a TypeScript module as a child with an IPC channel (the idle-session load generators). */
export function forkWorker(entry: string): ChildProcess {
  const child = fork(path.resolve(import.meta.dirname, entry), [], {
    execArgv: [...ORPHAN_GUARD, ...TSX],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  track(child);
  return child;
}
