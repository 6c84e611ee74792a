// `npm run bench`: what the chat relay costs. Every server runs in its own process:
//  1. latency — the same team manager (a standalone ELF team server) reached directly over its
//     WebSocket and through the Control Center's Socket.IO relay, at 1, 100 and 1,000 concurrent
//     sessions; the difference is what the relay adds (auth, persistence of both messages, limits).
//  2. capacity — idle chat sessions one Control Center process holds, and its memory per session.
import { randomBytes } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { mintChatToken } from "@/lib/auth/chat-token";
import { CHAT_NAMESPACE, SOCKET_PATH } from "@/lib/protocol";
import { seedOrganisation } from "@/lib/teams/seed";
import { createTestDatabase } from "@/test/support/database";
import { startTestPostgres } from "@/test/support/postgres-server";
import { spawnServer, type Child } from "./processes";

const SECRET = randomBytes(32).toString("base64url");
const TEAM = "executive-team";
const LEVELS = (process.env.BENCH_LEVELS ?? "1,100,1000").split(",").map(Number);
const MESSAGES_PER_SESSION = Number(process.env.BENCH_MESSAGES ?? 6);
/** Offered load for the latency runs, in messages per second across all sessions. */
const RATE = Number(process.env.BENCH_RATE ?? 100);
/** Messages each session sends first, unmeasured, so JIT and pool warm-up are not counted. */
const WARMUP_MESSAGES = 3;
/** Every level measures at least this many messages, so its p99 is a percentile, not a maximum. */
const MIN_SAMPLES = 300;
const IDLE_SESSIONS = Number(process.env.BENCH_IDLE_SESSIONS ?? 10_000);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (ms: number) => ms.toFixed(2);

async function inBatches<T>(
  count: number,
  size: number,
  make: (i: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size)
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)),
      )),
    );
  return out;
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
 * Each session sends its messages one after another, pacing itself so all sessions together
 * offer `rate` messages per second (jittered); rate 0 means back to back, for throughput.
 */
async function runSessions<S>(
  sessions: S[],
  send: (s: S, text: string) => Promise<void>,
  rate: number,
): Promise<{ rtts: number[]; seconds: number }> {
  const rtts: number[] = [];
  const interval = rate > 0 ? (sessions.length / rate) * 1000 : 0;
  const measured = Math.max(MESSAGES_PER_SESSION, Math.ceil(MIN_SAMPLES / sessions.length));
  const pause = () =>
    new Promise((resolve) => setTimeout(resolve, interval * (0.5 + Math.random())));
  const started = performance.now();
  await Promise.all(
    sessions.map(async (session, index) => {
      if (interval) await new Promise((resolve) => setTimeout(resolve, Math.random() * interval));
      for (let m = 0; m < WARMUP_MESSAGES + measured; m++) {
        const t0 = performance.now();
        await send(
          session,
          `Session ${index} message ${m}: plan the quarterly budget review by Friday`,
        );
        if (m >= WARMUP_MESSAGES) rtts.push(performance.now() - t0);
        if (interval) await pause();
      }
    }),
  );
  return { rtts: rtts.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

async function direct(teamServer: Child, users: string[], rate: number) {
  const sockets = await inBatches(users.length, 100, async (i) => {
    const { token } = await mintChatToken({
      userId: users[i]!,
      teamSlug: TEAM,
      role: "user",
      ttlSeconds: 3600,
      secret: SECRET,
      for: "elf",
    });
    const ws = new WebSocket(`ws://127.0.0.1:${teamServer.port}/chat?token=${token}`);
    const greeting = await new Promise<{ session_id: string }>((resolve, reject) => {
      ws.once("message", (data) => resolve(JSON.parse(String(data))));
      ws.once("error", reject);
    });
    return { ws, sessionId: greeting.session_id };
  });
  const result = await runSessions(
    sockets,
    ({ ws, sessionId }, text) =>
      new Promise<void>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          if ((JSON.parse(String(data)) as { type: string }).type !== "message") return;
          ws.off("message", onMessage);
          resolve();
        };
        ws.on("message", onMessage);
        ws.send(
          JSON.stringify({ type: "message", message: text, session_id: sessionId, context: {} }),
        );
      }),
    rate,
  );
  for (const { ws } of sockets) ws.close();
  return result;
}

function connectChat(port: number, token: string): Promise<Socket> {
  const socket = io(`http://127.0.0.1:${port}${CHAT_NAMESPACE}`, {
    path: SOCKET_PATH,
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("session:ready", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

async function relay(controlCenter: Child, users: string[], rate: number) {
  const sockets = await inBatches(users.length, 100, async (i) => {
    const { token } = await mintChatToken({
      userId: users[i]!,
      teamSlug: TEAM,
      role: "user",
      ttlSeconds: 3600,
      secret: SECRET,
    });
    return connectChat(controlCenter.port, token);
  });
  const result = await runSessions(
    sockets,
    (socket, text) =>
      new Promise<void>((resolve, reject) => {
        const onMessage = (message: { role: string }) => {
          if (message.role === "user") return;
          socket.off("chat:message", onMessage);
          resolve();
        };
        socket.on("chat:message", onMessage);
        socket.emit("chat:send", { text }, (ack: { ok: boolean; error?: { message: string } }) => {
          if (!ack.ok) reject(new Error(ack.error?.message));
        });
      }),
    rate,
  );
  for (const socket of sockets) socket.disconnect();
  return result;
}

async function main() {
  const postgres = await startTestPostgres();
  const db = await createTestDatabase(postgres.adminUrl);
  await seedOrganisation(db.sql);
  // One session may send more than the team's default 100 messages in a benchmark run.
  await db.sql`UPDATE teams SET chat_config = chat_config || '{"max_messages_per_session": 100000}'::jsonb WHERE name = ${TEAM}`;
  const common = {
    JWT_SECRET_KEY: SECRET,
    AUTH_SECRET: SECRET,
    LOG_LEVEL: "info",
    DATA_DIR: `/tmp/cc-bench-${process.pid}`,
  };
  const teamServer = await spawnServer(
    "server/team-server/main.ts",
    ["--team", TEAM, "--port", "0"],
    common,
    "team server listening",
  );
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
  );

  try {
    console.log(
      `\nRelay latency: the same ELF team server (offline planner) reached directly and through the relay;`,
    );
    console.log(
      `at least ${MIN_SAMPLES} (and ${MESSAGES_PER_SESSION}+ per session) measured messages per level after ${WARMUP_MESSAGES} warm-up ones per session, ${RATE} msg/s offered in all (ms)\n`,
    );
    console.log(
      "| sessions | direct p50 | direct p99 | relay p50 | relay p99 | added p50 | added p99 |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|");
    for (const level of LEVELS) {
      const users = await createUsers(db.sql, level);
      const d = await direct(teamServer, users, RATE);
      const r = await relay(controlCenter, users, RATE);
      const row = [
        level,
        fmt(percentile(d.rtts, 50)),
        fmt(percentile(d.rtts, 99)),
        fmt(percentile(r.rtts, 50)),
        fmt(percentile(r.rtts, 99)),
        fmt(percentile(r.rtts, 50) - percentile(d.rtts, 50)),
        fmt(percentile(r.rtts, 99) - percentile(d.rtts, 99)),
      ];
      console.log(`| ${row.join(" | ")} |`);
    }
    const busy = await createUsers(db.sql, 100);
    const peakDirect = await direct(teamServer, busy, 0);
    const peakRelay = await relay(controlCenter, busy, 0);
    console.log(
      `\nThroughput, 100 sessions sending back to back: direct ${Math.round(peakDirect.rtts.length / peakDirect.seconds)} msg/s, relay ${Math.round(peakRelay.rtts.length / peakRelay.seconds)} msg/s`,
    );
    console.log(
      "(all processes — load generator, Control Center, team server, PostgreSQL — share this machine's cores)",
    );
    await controlCenter.stop();
  } finally {
    await teamServer.stop();
    await controlCenter.stop();
  }

  // Capacity: a Control Center whose teams use the built-in manager, so nothing else is measured.
  const capacity = await spawnServer(
    "scripts/bench/chat-server.ts",
    [],
    { ...common, DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1" },
    "listening",
  );
  try {
    const users = await createUsers(db.sql, IDLE_SESSIONS);
    const tokens = await Promise.all(
      users.map((id) =>
        mintChatToken({
          userId: id,
          teamSlug: TEAM,
          role: "user",
          ttlSeconds: 3600,
          secret: SECRET,
        }),
      ),
    );
    const warm = await inBatches(50, 50, (i) => connectChat(capacity.port, tokens[i]!.token));
    for (const s of warm) s.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = await capacity.memory();
    const started = performance.now();
    const sockets = await inBatches(IDLE_SESSIONS, 250, (i) =>
      connectChat(capacity.port, tokens[i]!.token),
    );
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await capacity.memory();
    console.log(
      `\nIdle sessions held by one process: ${sockets.length} (opened in ${seconds.toFixed(1)} s, ${Math.round(sockets.length / seconds)} sessions/s)`,
    );
    const perSession = (key: "rss" | "heapUsed" | "external") =>
      ((after[key] - before[key]) / sockets.length / 1024).toFixed(1);
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(
      `Server memory after GC: RSS ${mib(before.rss)} → ${mib(after.rss)} MiB, heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)} MiB`,
    );
    console.log(
      `Per idle session: ${perSession("heapUsed")} KiB JS heap + ${perSession("external")} KiB external; ${perSession("rss")} KiB of RSS`,
    );
    for (const s of sockets) s.disconnect();
  } finally {
    await capacity.stop();
    await db.drop();
    await postgres.stop();
  }
}

await main();
process.exit(0);
