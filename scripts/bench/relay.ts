// `npm run bench:relay`: what the chat relay costs. Every server runs in its own process:
//  1. latency — the same team manager (a standalone ELF team server) reached directly over its
//     WebSocket and through the Control Center's Socket.IO relay, at 1, 100 and 1,000 concurrent
//     sessions (BENCH_LEVELS); the difference is what the relay adds (auth, persistence of both
//     messages, limits). Then throughput: 100 sessions sending back to back.
//  2. capacity — idle chat sessions (BENCH_IDLE_SESSIONS, 19,000 by default) opened by forked
//     load generators against one Control Center process: sessions opened per second and memory
//     per session.
// Every step has a deadline; one that misses it is reported ("could not finish: …") and the run
// goes on. Every process started here is stopped however the run ends (processes.ts).
import { randomBytes } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { mintChatToken } from "@/lib/auth/chat-token";
import { CHAT_NAMESPACE, SOCKET_PATH } from "@/lib/protocol";
import { seedOrganisation } from "@/lib/teams/seed";
import { createTestDatabase } from "@/test/support/database";
import { startTestPostgres } from "@/test/support/postgres-server";
import { cpuPer, postmasterOf, readCpu, redisPidOf, type CpuTargets, type CpuTimes } from "./cpu";
import { couldNotFinish, formatMs, within } from "./deadline";
import { measureIdle } from "./idle";
import {
  CONTROL_CENTER_FLAGS,
  onInterrupt,
  spawnServer,
  stopChildrenOnExit,
  type Child,
} from "./processes";
import {
  compareAndSave,
  conditions,
  goalsOf,
  printGoals,
  printCpu,
  printLatency,
  printProjection,
  type LatencyRow,
  type Percentiles,
  type RunResult,
} from "./report";

const SECRET = randomBytes(32).toString("base64url");
const TEAM = "executive-team";
/** Latency levels; BENCH_LEVELS=0 skips latency and throughput (the idle phase alone). */
const LEVELS = (process.env.BENCH_LEVELS ?? "1,100,1000").split(",").map(Number).filter(Boolean);
const MESSAGES_PER_SESSION = Number(process.env.BENCH_MESSAGES ?? 6);
/** Offered load for the latency runs, in messages per second across all sessions. */
const RATE = Number(process.env.BENCH_RATE ?? 100);
/** Messages each session sends first, unmeasured, so JIT and pool warm-up are not counted. */
const WARMUP_MESSAGES = 3;
/** Every level measures at least this many messages, so its p99 is a percentile, not a maximum. */
const MIN_SAMPLES = 300;
const IDLE_SESSIONS = Number(process.env.BENCH_IDLE_SESSIONS ?? 19_000);
/** The Redis of a fleet in the relay's path (adapter, limits, leases); without it, the PostgreSQL store. */
const REDIS_URL = process.env.BENCH_REDIS_URL;

const CONNECT_MS = 15_000;
const MESSAGE_MS = 30_000;
/** Each level: half for the direct run, half for the relay run, so one stuck path leaves the other its time. */
const LEVEL_MS = 6 * 60_000;
const THROUGHPUT_MS = 3 * 60_000;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** An open session of either path: `ready` once it may send, `close` releases it in any state. */
interface Opening<S> {
  session: S;
  ready: Promise<void>;
  close(): void;
}

interface PathRun extends Percentiles {
  seconds: number;
  notes: string[];
  /** ms of CPU per message answered, per process, when `cpu` was given. */
  cpu?: CpuTimes;
}

async function createUsers(
  sql: Awaited<ReturnType<typeof createTestDatabase>>["sql"],
  count: number,
): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    INSERT INTO cc_users (email, role, password_hash)
    SELECT 'bench-' || g || '-' || ${randomBytes(4).toString("hex")} || '@example.test', 'user', NULL FROM generate_series(1, ${count}) g
    RETURNING id::text`;
  return rows.map((r) => r.id);
}

/**
 * Opens `count` sessions (100 at a time, each within CONNECT_MS), then each sends its messages one
 * after another, pacing itself so all sessions together offer `rate` messages per second
 * (jittered; 0 means back to back, for throughput). A message without a reply within MESSAGE_MS
 * ends its session's run. Whatever happens, every session opened is closed.
 */
async function measurePath<S>(
  what: string,
  count: number,
  open: (i: number) => Promise<Opening<S>>,
  send: (session: S, text: string) => Promise<void>,
  rate: number,
  deadlineMs: number,
  cpu?: CpuTargets,
): Promise<PathRun> {
  const openings: Opening<S>[] = [];
  const halted = { now: false };
  const run = async (): Promise<PathRun> => {
    const notes: string[] = [];
    const failures: Record<string, number> = {};
    const sessions: S[] = [];
    for (let i = 0; i < count && !halted.now; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, (_, j) => open(i + j)),
      );
      openings.push(...batch);
      const ready = await Promise.allSettled(
        batch.map((o) => within(CONNECT_MS, o.ready, "a session to be ready")),
      );
      ready.forEach((r, j) => {
        if (r.status === "fulfilled") sessions.push(batch[j]!.session);
        else {
          const reason = couldNotFinish(r.reason);
          failures[reason] = (failures[reason] ?? 0) + 1;
        }
      });
    }
    for (const [reason, n] of Object.entries(failures))
      notes.push(`${what}: ${n} of ${count} sessions did not open — ${reason}`);
    if (!sessions.length)
      throw new Error(`${what}: no session opened (${Object.keys(failures).join("; ")})`);

    const rtts: number[] = [];
    let missed = 0;
    let answered = 0;
    const interval = rate > 0 ? (sessions.length / rate) * 1000 : 0;
    const measured = Math.max(MESSAGES_PER_SESSION, Math.ceil(MIN_SAMPLES / sessions.length));
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const started = performance.now();
    const cpuBefore = cpu && readCpu(cpu);
    await Promise.all(
      sessions.map(async (session, index) => {
        if (interval) await pause(Math.random() * interval);
        for (let m = 0; m < WARMUP_MESSAGES + measured && !halted.now; m++) {
          const t0 = performance.now();
          const text = `Session ${index} message ${m}: plan the quarterly budget review by Friday`;
          try {
            await within(MESSAGE_MS, send(session, text), "a reply");
          } catch {
            missed += 1;
            return;
          }
          answered += 1;
          if (m >= WARMUP_MESSAGES) rtts.push(performance.now() - t0);
          if (interval) await pause(interval * (0.5 + Math.random()));
        }
      }),
    );
    if (missed)
      notes.push(
        `${what}: could not finish: ${missed} sessions got no reply within ${formatMs(MESSAGE_MS)} (their runs stopped)`,
      );
    if (!rtts.length)
      throw new Error(
        `${what}: no reply measured (${sessions.length} sessions open, ${missed} got no reply within ${formatMs(MESSAGE_MS)})`,
      );
    rtts.sort((a, b) => a - b);
    return {
      p50: percentile(rtts, 50),
      p99: percentile(rtts, 99),
      n: rtts.length,
      seconds: (performance.now() - started) / 1000,
      notes,
      ...(cpuBefore ? { cpu: cpuPer(cpuBefore, readCpu(cpu), answered) } : {}),
    };
  };
  try {
    return await within(deadlineMs, run(), what, () => (halted.now = true));
  } finally {
    for (const o of openings) o.close();
  }
}

/** A user's chat token for TEAM, for the team server itself ("elf") or for the relay. */
async function chatToken(userId: string, reader: "control-center" | "elf"): Promise<string> {
  const { token } = await mintChatToken({
    userId,
    teamSlug: TEAM,
    role: "user",
    ttlSeconds: 3600,
    secret: SECRET,
    for: reader,
  });
  return token;
}

function openDirect(teamServer: Child, userId: string) {
  return async (): Promise<Opening<{ ws: WebSocket; sessionId: string }>> => {
    const token = await chatToken(userId, "elf");
    const ws = new WebSocket(`ws://127.0.0.1:${teamServer.port}/chat?token=${token}`);
    const session = { ws, sessionId: "" };
    const ready = new Promise<void>((resolve, reject) => {
      ws.once("message", (data) => {
        session.sessionId = (JSON.parse(String(data)) as { session_id: string }).session_id;
        resolve();
      });
      ws.once("error", reject);
      ws.once("close", () => reject(new Error("the team server closed the socket")));
    });
    ready.catch(() => {}); // settled through within(); an unobserved early rejection is not a crash
    return { session, ready, close: () => ws.terminate() };
  };
}

function sendDirect({ ws, sessionId }: { ws: WebSocket; sessionId: string }, text: string) {
  return new Promise<void>((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      if ((JSON.parse(String(data)) as { type: string }).type !== "message") return;
      ws.off("message", onMessage);
      resolve();
    };
    ws.on("message", onMessage);
    ws.send(JSON.stringify({ type: "message", message: text, session_id: sessionId, context: {} }));
  });
}

function openRelay(port: number, userId: string) {
  return async (): Promise<Opening<Socket>> => {
    return connectChat(port, await chatToken(userId, "control-center"));
  };
}

export function connectChat(port: number, token: string): Opening<Socket> {
  const socket = io(`http://127.0.0.1:${port}${CHAT_NAMESPACE}`, {
    path: SOCKET_PATH,
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once("session:ready", () => resolve());
    socket.once("connect_error", reject);
  });
  ready.catch(() => {});
  return { session: socket, ready, close: () => socket.disconnect() };
}

function sendRelay(socket: Socket, text: string) {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (message: { role: string }) => {
      if (message.role === "user") return;
      socket.off("chat:message", onMessage);
      resolve();
    };
    socket.on("chat:message", onMessage);
    socket.emit("chat:send", { text }, (ack: { ok: boolean; error?: { message: string } }) => {
      if (!ack.ok) reject(new Error(ack.error?.message));
    });
  });
}

async function main() {
  stopChildrenOnExit();
  const postgres = await within(60_000, startTestPostgres(), "starting PostgreSQL");
  onInterrupt(() => postgres.stop());
  const db = await createTestDatabase(postgres.adminUrl);
  await seedOrganisation(db.sql);
  // Where the database runs on this machine, its CPU is measured with the others' (cpu.ts).
  const [backend] = await db.sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
  const postmaster = backend && postmasterOf(backend.pid);
  // Redis, in a fleet's path, is measured as PostgreSQL is when it runs here.
  const services = { Redis: REDIS_URL ? await redisPidOf(REDIS_URL) : undefined };
  // One session may send more than the team's default 100 messages in a benchmark run.
  await db.sql`UPDATE teams SET chat_config = chat_config || '{"max_messages_per_session": 100000}'::jsonb WHERE name = ${TEAM}`;
  const common = {
    JWT_SECRET_KEY: SECRET,
    AUTH_SECRET: SECRET,
    LOG_LEVEL: "info",
    DATA_DIR: `/tmp/cc-bench-${process.pid}`,
    ...(REDIS_URL ? { REDIS_URL } : {}),
  };
  const unfinished: string[] = [];
  const latency: LatencyRow[] = [];
  let throughput: RunResult["throughput"];
  let idle: RunResult["idle"];

  try {
    if (LEVELS.length) await measureLatency();
  } catch (error) {
    unfinished.push(`latency: ${couldNotFinish(error)}`);
    console.log(`\nLatency: ${couldNotFinish(error)}`);
  }

  async function measureLatency() {
    const teamServer = await spawnServer(
      "server/team-server/main.ts",
      ["--team", TEAM, "--port", "0"],
      common,
      "team server listening",
    );
    try {
      const controlCenter = await spawnServer(
        "scripts/bench/chat-server.ts",
        [],
        {
          ...common,
          DATABASE_URL: db.url,
          PORT: "0",
          HOST: "127.0.0.1",
          TEAM_SERVER_URLS: `${TEAM}=http://127.0.0.1:${teamServer.port}`,
          CHAT_MESSAGES_PER_MINUTE: "10000",
        },
        "listening",
        CONTROL_CENTER_FLAGS,
      );
      try {
        console.log(
          `\nRelay latency: the same ELF team server (offline planner) reached directly and through the relay;`,
        );
        console.log(
          `at least ${MIN_SAMPLES} (and ${MESSAGES_PER_SESSION}+ per session) measured messages per level after ${WARMUP_MESSAGES} warm-up ones per session, ${RATE} msg/s offered in all (ms)\n`,
        );
        for (const level of LEVELS) {
          const row: LatencyRow = { sessions: level, unfinished: [] };
          latency.push(row);
          const users = await createUsers(db.sql, level);
          for (const [key, open, send] of [
            ["direct", (i: number) => openDirect(teamServer, users[i]!)(), sendDirect],
            ["relay", (i: number) => openRelay(controlCenter.port, users[i]!)(), sendRelay],
          ] as const) {
            try {
              const run = await measurePath(
                `${key} at ${level} sessions`,
                level,
                open as (i: number) => Promise<Opening<never>>,
                send as (s: never, text: string) => Promise<void>,
                RATE,
                LEVEL_MS / 2,
              );
              row[key] = { p50: run.p50, p99: run.p99, n: run.n };
              row.unfinished.push(...run.notes);
            } catch (error) {
              row.unfinished.push(couldNotFinish(error));
            }
          }
          unfinished.push(...row.unfinished.map((n) => `${level} sessions: ${n}`));
        }
        printLatency(latency);

        const busy = await createUsers(db.sql, 100);
        const cpu: CpuTargets = {
          processes: {
            "team server": teamServer.child.pid,
            "Control Center": controlCenter.child.pid,
            "load generator": process.pid,
            ...services,
          },
          postmaster,
        };
        try {
          const d = await measurePath(
            "throughput, direct",
            100,
            (i) => openDirect(teamServer, busy[i]!)(),
            sendDirect,
            0,
            THROUGHPUT_MS,
            cpu,
          );
          const r = await measurePath(
            "throughput, relay",
            100,
            (i) => openRelay(controlCenter.port, busy[i]!)(),
            sendRelay,
            0,
            THROUGHPUT_MS,
            cpu,
          );
          const direct = d.n / d.seconds;
          const relay = r.n / r.seconds;
          throughput = {
            direct,
            relay,
            ratio: relay / direct,
            ...(d.cpu && r.cpu ? { cpu: { direct: d.cpu, relay: r.cpu } } : {}),
          };
          unfinished.push(...d.notes, ...r.notes);
          console.log(
            `\nThroughput, 100 sessions sending back to back: direct ${Math.round(direct)} msg/s, relay ${Math.round(relay)} msg/s (${throughput.ratio.toFixed(2)}×)`,
          );
          if (throughput.cpu) printCpu(throughput.cpu);
        } catch (error) {
          unfinished.push(`throughput: ${couldNotFinish(error)}`);
          console.log(`\nThroughput: ${couldNotFinish(error)}`);
        }
        console.log(
          "(all processes — load generator, Control Center, team server, PostgreSQL — share this machine's cores)",
        );
      } finally {
        await controlCenter.stop();
      }
    } finally {
      await teamServer.stop();
    }
  }

  if (IDLE_SESSIONS > 0)
    try {
      idle = await measureIdle({
        sessions: IDLE_SESSIONS,
        users: await createUsers(db.sql, IDLE_SESSIONS),
        secret: SECRET,
        team: TEAM,
        env: { ...common, DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1" },
        nodeFlags: CONTROL_CENTER_FLAGS,
        postmaster,
        services,
      });
      unfinished.push(...idle.notes);
      printProjection(idle);
    } catch (error) {
      unfinished.push(`idle sessions: ${couldNotFinish(error)}`);
      console.log(`\nIdle sessions: ${couldNotFinish(error)}`);
    }

  const partial = {
    at: new Date().toISOString(),
    conditions: conditions({
      levels: LEVELS,
      idleSessions: IDLE_SESSIONS,
      rate: RATE,
      messagesPerSession: MESSAGES_PER_SESSION,
      controlCenterFlags: CONTROL_CENTER_FLAGS,
      fleetStore: REDIS_URL ? "redis" : "postgres",
    }),
    latency,
    throughput,
    idle,
    unfinished,
  };
  const result: RunResult = { ...partial, goals: goalsOf(partial, IDLE_SESSIONS) };
  printGoals(result.goals);
  if (unfinished.length) {
    console.log("\nCould not finish:");
    for (const note of unfinished) console.log(`  ${note}`);
  }
  await compareAndSave(result);
  await db.drop().catch(() => {});
  await postgres.stop();
}

await main();
process.exit(0);
