// The idle-session phase: one Control Center process whose teams use the built-in manager (so
// nothing else is measured), and chat sockets opened by forked load generators (idle-clients.ts),
// each holding at most SOCKETS_PER_GENERATOR (the 20,000 open files per process). Measured: how
// fast the sessions open and the server's retained memory per session.
import type { ChildProcess } from "node:child_process";
import { mintChatToken } from "@/lib/auth/chat-token";
import { CHAT_NAMESPACE, SOCKET_PATH } from "@/lib/protocol";
import { couldNotFinish, within } from "./deadline";
import type { IdleCommand, IdleReport } from "./idle-clients";
import { cpuPer, readCpu, type CpuTargets } from "./cpu";
import { forkWorker, spawnServer, type Memory } from "./processes";
import type { IdleResult } from "./report";

const SOCKETS_PER_GENERATOR = 9_500;
/** Sockets opening at once per load generator. */
const IN_FLIGHT = 200;
const SOCKET_MS = 15_000;
const IDLE_MS = 5 * 60_000;

/** The next report of `type` from a load generator (or its exit, as an error). */
function nextReport<T extends IdleReport["type"]>(
  child: ChildProcess,
  type: T,
): Promise<Extract<IdleReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (report: IdleReport) => {
      if (report.type !== type) return;
      child.off("message", onMessage);
      resolve(report as Extract<IdleReport, { type: T }>);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`a load generator exited with ${code}`)));
  });
}

/** The server's warnings and errors, each message once with its count: why sessions failed. */
function serverComplaints(logs: string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of logs) {
    let entry: { level?: number; msg?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // not a log line
    }
    if ((entry.level ?? 0) < 40) continue;
    const what = [entry.msg, entry.err?.message].filter(Boolean).join(": ");
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `${n} × "${what}"`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kib = (bytes: number) => bytes / 1024;
const mib = (bytes: number) => bytes / 1024 / 1024;

export async function measureIdle(options: {
  sessions: number;
  users: string[];
  secret: string;
  team: string;
  env: Record<string, string>;
  nodeFlags: string[];
  /** The database's postmaster, when it runs on this machine: its CPU per session opened is measured too. */
  postmaster?: number;
  /** Other servers in the path on this machine (Redis), by name: their CPU per session opened too. */
  services?: Record<string, number | undefined>;
}): Promise<IdleResult> {
  const notes: string[] = [];
  const tokens = await Promise.all(
    options.users.map(
      async (userId) =>
        (
          await mintChatToken({
            userId,
            teamSlug: options.team,
            role: "user",
            ttlSeconds: 3600,
            secret: options.secret,
          })
        ).token,
    ),
  );
  const capacity = await spawnServer(
    "scripts/bench/chat-server.ts",
    [],
    options.env,
    "listening",
    options.nodeFlags,
  );
  const generators: ChildProcess[] = [];
  try {
    const command = (slice: string[]): IdleCommand => ({
      type: "open",
      url: `http://127.0.0.1:${capacity.port}${CHAT_NAMESPACE}`,
      path: SOCKET_PATH,
      tokens: slice,
      inFlight: IN_FLIGHT,
      socketMs: SOCKET_MS,
    });
    const count = Math.max(1, Math.ceil(options.sessions / SOCKETS_PER_GENERATOR));
    for (let i = 0; i < count; i++) generators.push(forkWorker("idle-clients.ts"));
    await within(
      60_000,
      Promise.all(generators.map((g) => nextReport(g, "ready"))),
      "starting the load generators",
    );

    // Warm-up (JIT, pool): 50 sessions opened and closed before the memory baseline.
    const warm = generators[0]!;
    const warmed = nextReport(warm, "opened");
    warm.send(command(tokens.slice(0, 50)));
    await within(60_000, warmed, "warm-up sessions");
    const closedWarm = nextReport(warm, "closed");
    warm.send({ type: "close" } satisfies IdleCommand);
    await within(60_000, closedWarm, "closing the warm-up sessions");
    await sleep(1000);
    const before = await within(60_000, capacity.memory(), "memory before");

    const idleTokens = tokens.slice(50).concat(tokens.slice(0, 50)); // warm-up users end last
    const share = Math.ceil(options.sessions / count);
    const opened = generators.map((g) => nextReport(g, "opened"));
    const cpu: CpuTargets = {
      processes: {
        "Control Center": capacity.child.pid,
        "load generators": generators.map((g) => g.pid),
        ...options.services,
      },
      postmaster: options.postmaster,
    };
    const cpuBefore = readCpu(cpu);
    const started = performance.now();
    generators.forEach((g, i) => g.send(command(idleTokens.slice(i * share, (i + 1) * share))));
    const all = Promise.all(opened);
    const what = `opening ${options.sessions.toLocaleString("en")} idle sessions`;
    const reports = await within(IDLE_MS, all, what).catch(async (error: unknown) => {
      // What opened in time is still measured; the report says the phase did not finish.
      notes.push(`idle sessions: ${couldNotFinish(error)}`);
      generators.forEach((g) => g.send({ type: "stop" } satisfies IdleCommand));
      return within(60_000, all, "stopping the load generators");
    });
    const seconds = (performance.now() - started) / 1000;
    const held = reports.reduce((n, r) => n + r.opened, 0);
    const cpuPerOpen = cpuPer(cpuBefore, readCpu(cpu), held);
    const failed = reports.reduce((n, r) => n + r.failed, 0);
    const reasons: Record<string, number> = {};
    for (const r of reports)
      for (const [reason, n] of Object.entries(r.reasons))
        reasons[reason] = (reasons[reason] ?? 0) + n;
    for (const [reason, n] of Object.entries(reasons))
      notes.push(`idle sessions: ${n} of ${options.sessions} did not open — ${reason}`);
    for (const complaint of serverComplaints(capacity.logs))
      notes.push(`idle sessions: the Control Center logged ${complaint}`);
    await sleep(2000);
    const after: Memory = await within(60_000, capacity.memory(), "memory after");
    const per = (key: keyof Memory) => kib(after[key] - before[key]) / Math.max(1, held);
    const result: IdleResult = {
      requested: options.sessions,
      opened: held,
      failed,
      reasons,
      generators: count,
      seconds,
      perSecond: held / seconds,
      cpuPerOpenMs: cpuPerOpen,
      rssBeforeMiB: mib(before.rss),
      rssAfterMiB: mib(after.rss),
      heapBeforeMiB: mib(before.heapUsed),
      heapAfterMiB: mib(after.heapUsed),
      rssPerSessionKiB: per("rss"),
      heapPerSessionKiB: per("heapUsed"),
      externalPerSessionKiB: per("external"),
      notes,
    };
    console.log(
      `\nIdle sessions held by one Control Center process: ${held.toLocaleString("en")} of ${options.sessions.toLocaleString("en")} (${count} load-generator processes; opened in ${seconds.toFixed(1)} s, ${Math.round(result.perSecond)} sessions/s)`,
    );
    console.log(
      `CPU per session opened (ms, user + system, from /proc): ${Object.entries(cpuPerOpen)
        .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
        .join(", ")}`,
    );
    console.log(
      `Server memory after GC: RSS ${result.rssBeforeMiB.toFixed(0)} → ${result.rssAfterMiB.toFixed(0)} MiB, heap ${result.heapBeforeMiB.toFixed(0)} → ${result.heapAfterMiB.toFixed(0)} MiB`,
    );
    console.log(
      `Per idle session: ${result.heapPerSessionKiB.toFixed(1)} KiB JS heap + ${result.externalPerSessionKiB.toFixed(1)} KiB external; ${result.rssPerSessionKiB.toFixed(1)} KiB of RSS`,
    );
    const closed = Promise.all(generators.map((g) => nextReport(g, "closed")));
    generators.forEach((g) => g.send({ type: "close" } satisfies IdleCommand));
    await within(60_000, closed, "closing the idle sessions").catch((error: unknown) =>
      notes.push(`idle sessions: ${couldNotFinish(error)}`),
    );
    return result;
  } finally {
    for (const g of generators) g.kill();
    await capacity.stop();
  }
}
