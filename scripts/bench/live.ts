// `npm run bench:live`: how fast admin changes reach open pages, and how fast the pages are.
//  1. fan-out — N open pages listening on /api/events (server-sent events); an admin turns a
//     team's chat on or off with PATCH /api/teams/<slug>; measured: time from the request to
//     each page receiving the change (the path every badge update takes: audit + NOTIFY + SSE).
//     The same from outside the app: plain SQL from a connection of its own, as ELF's scripts and
//     the Supabase dashboard write (trigger + NOTIFY + SSE).
//  2. pages — server-render times of /teams, /admin/teams and /admin/audit, and GET /api/teams.
// The built app runs as its own process (npm run build first); PostgreSQL is the embedded one.
import openSql from "postgres";
import { createUser } from "@/lib/users/service";
import { seedOrganisation } from "@/lib/teams/seed";
import { startAppProcess, TEST_ADMIN } from "@/test/support/app-process";
import { createTestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { startTestPostgres } from "@/test/support/postgres-server";

const LEVELS = (process.env.BENCH_LIVE_LEVELS ?? "1,100,1000").split(",").map(Number);
const CHANGES = Number(process.env.BENCH_LIVE_CHANGES ?? 20);
const PAGE_SAMPLES = Number(process.env.BENCH_PAGE_SAMPLES ?? 30);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms · p99 ${percentile(sorted, 99).toFixed(1)} ms · max ${sorted.at(-1)!.toFixed(1)} ms (n=${sorted.length})`;
};

/** An open page's event stream: resolves `next()` when a teams event arrives. */
async function listen(baseUrl: string, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/events?topics=teams`, {
    headers: { cookie },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const waiting: { resolve?: (at: number) => void } = {};
  void (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const resolve = waiting.resolve;
        if (frame.includes("event: teams") && resolve) {
          waiting.resolve = undefined;
          resolve(performance.now());
        }
      }
    }
  })();
  return {
    next: () => new Promise<number>((resolve) => (waiting.resolve = resolve)),
    close: () => controller.abort(),
  };
}

async function main() {
  const postgres = await startTestPostgres();
  const db = await createTestDatabase(postgres.adminUrl);
  await seedOrganisation(db.sql);
  const app = await startAppProcess(db.url);
  try {
    const admin = new HttpSession(app.url);
    if (!(await admin.signIn(TEST_ADMIN.email, TEST_ADMIN.password)))
      throw new Error("admin sign-in failed");
    const person = { email: "reader@example.test", password: "reader-password-1" };
    await createUser(db.sql, { ...person, role: "user" });
    const reader = new HttpSession(app.url);
    if (!(await reader.signIn(person.email, person.password)))
      throw new Error("user sign-in failed");
    const cookie = reader.cookieHeader();
    // An ELF script's connection: nothing of the app's in it.
    const elfScript = openSql(db.url, { max: 1, onnotice: () => {} });

    console.log(
      "\nLive fan-out: PATCH /api/teams/general-team → event on every open page (audit + NOTIFY + SSE)",
    );
    let enabled = false; // general-team is seeded with chat off; every change flips it
    for (const level of LEVELS) {
      const pages = await Promise.all(Array.from({ length: level }, () => listen(app.url, cookie)));
      const delays: number[] = [];
      for (let i = 0; i < CHANGES; i += 1) {
        const arrivals = pages.map((page) => page.next());
        const sent = performance.now();
        const response = await admin.fetch("/api/teams/general-team", {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ enable_chat_interface: (enabled = !enabled) }),
        });
        if (!response.ok) throw new Error(`PATCH: HTTP ${response.status}`);
        for (const at of await Promise.all(arrivals)) delays.push(at - sent);
      }
      const sqlDelays: number[] = [];
      for (let i = 0; i < CHANGES; i += 1) {
        const arrivals = pages.map((page) => page.next());
        const sent = performance.now();
        await elfScript`UPDATE teams SET metadata = metadata || jsonb_build_object('bench', ${`${level}-${i}`}::text) WHERE name = 'general-team'`;
        for (const at of await Promise.all(arrivals)) sqlDelays.push(at - sent);
      }
      for (const page of pages) page.close();
      console.log(`  ${String(level).padStart(5)} open pages: ${summary(delays)}`);
      console.log(
        `  ${String(level).padStart(5)} open pages, change by SQL: ${summary(sqlDelays)}`,
      );
    }
    await elfScript.end({ timeout: 1 });

    console.log(`\nPages (server render, ${PAGE_SAMPLES} requests each, after 3 warm-up requests)`);
    for (const [who, path] of [
      [reader, "/teams"],
      [reader, "/api/teams"],
      [admin, "/admin/teams"],
      [admin, "/admin/audit"],
    ] as const) {
      for (let i = 0; i < 3; i += 1) await (await who.fetch(path)).text();
      const times: number[] = [];
      for (let i = 0; i < PAGE_SAMPLES; i += 1) {
        const started = performance.now();
        const response = await who.fetch(path);
        await response.text();
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        times.push(performance.now() - started);
      }
      console.log(`  ${path.padEnd(14)} ${summary(times)}`);
    }
  } finally {
    await app.stop();
    await db.drop();
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
