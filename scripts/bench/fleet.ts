// npm run bench:fleet — one instance against three behind nginx (Redis and PostgreSQL shared):
// how many chat sessions they hold, how many messages per second they answer (with the model
// answering at once, so the Control Center is what is measured), and how long another instance
// takes to take a session over after its owner is SIGKILLed. Every step has a deadline; every
// process started is killed however the run ends. Needs the build (`npm run build`), nginx and
// Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379/7); PostgreSQL from TEST_DATABASE_URL or
// an embedded one.
import { setTimeout as sleep } from "node:timers/promises";
// @ts-expect-error -- plain ESM script shared with `npm start`
import { ensureBuild } from "../start.mjs";
import type { ChatMessage } from "@/lib/protocol";
import { createUser } from "@/lib/users/service";
import { startTestPostgres } from "@/test/support/postgres-server";
import { startFleet, type ChatClient, type Fleet } from "@/test/fleet/fleet";
import { within } from "./deadline";

const SESSIONS = Number(process.env.BENCH_FLEET_SESSIONS ?? 60);
const MESSAGES_EACH = Number(process.env.BENCH_FLEET_MESSAGES ?? 5);

interface Tab {
  client: ChatClient;
  sessionId: string;
  replies: ChatMessage[];
}

async function openTab(fleet: Fleet, userId: string): Promise<Tab> {
  const client = fleet.connect(await fleet.token(userId, "executive-team", "user"));
  const tab: Tab = { client, sessionId: "", replies: [] };
  client.on("chat:message", (m) => m.role !== "user" && tab.replies.push(m));
  await new Promise<void>((resolve) =>
    client.on("session:ready", (s) => {
      tab.sessionId = s.session.id;
      resolve();
    }),
  );
  return tab;
}

/** Sends one message (retrying what the fleet asks to retry) and waits for its reply. */
async function exchange(tab: Tab, text: string, clientId: string): Promise<void> {
  for (;;) {
    const before = tab.replies.length;
    const ack = await tab.client
      .timeout(10_000)
      .emitWithAck("chat:send", { text, client_id: clientId })
      .catch(() => null);
    if (
      ack &&
      !ack.ok &&
      !["reply_in_progress", "session_moving", "server_draining", "session_opening"].includes(
        ack.error.code,
      )
    )
      throw new Error(`${text}: ${ack.error.code} ${ack.error.message}`);
    if (!ack?.ok) {
      await sleep(200);
      continue;
    }
    while (tab.replies.length === before) await sleep(5);
    return;
  }
}

async function measure(adminUrl: string, size: number) {
  const fleet = await within(
    180_000,
    startFleet({
      adminUrl,
      size,
      turns: SESSIONS * MESSAGES_EACH + 50,
      wordDelayMs: 0,
      env: { LOG_LEVEL: "info", CHAT_MESSAGES_PER_MINUTE: "10000" },
    }),
    `start ${size} instance(s)`,
  );
  try {
    const users = await within(
      120_000,
      Promise.all(
        Array.from({ length: SESSIONS }, (_, i) =>
          createUser(fleet.db.sql, {
            email: `bench-${size}-${i}@example.test`,
            password: "bench-password",
            role: "user",
          }),
        ),
      ),
      "create users",
    );
    const openedAt = performance.now();
    const tabs = await within(
      120_000,
      Promise.all(users.map((u) => openTab(fleet, u.id))),
      `open ${SESSIONS} sessions`,
    );
    const openMs = performance.now() - openedAt;

    const sentAt = performance.now();
    await within(
      180_000,
      Promise.all(
        tabs.map(async (tab, i) => {
          for (let m = 0; m < MESSAGES_EACH; m++)
            await exchange(tab, `message ${m}`, crypto.randomUUID());
          return i;
        }),
      ),
      `${SESSIONS * MESSAGES_EACH} messages`,
    );
    const messagesPerSecond = (SESSIONS * MESSAGES_EACH) / ((performance.now() - sentAt) / 1000);

    let takeoverMs: number | null = null;
    if (size > 1) {
      // SIGKILL the owner of a session whose tab is elsewhere; time until that tab is answered.
      const probe = await within(
        30_000,
        (async () => {
          for (const tab of tabs) {
            const owner = await fleet.ownerOf(tab.sessionId);
            const socketOn = fleet.instances.find((i) =>
              i.logs.some((line) => line.includes(tab.client.id ?? "?")),
            );
            if (owner && socketOn && owner !== socketOn) return { tab, owner };
          }
          return { tab: tabs[0]!, owner: (await fleet.ownerOf(tabs[0]!.sessionId))! };
        })(),
        "find a session owned elsewhere",
      );
      const killedAt = performance.now();
      probe.owner.child.kill("SIGKILL");
      await within(30_000, exchange(probe.tab, "after the kill", crypto.randomUUID()), "takeover");
      takeoverMs = Math.round(performance.now() - killedAt);
    }
    return {
      instances: size,
      sessionsHeld: tabs.filter((t) => t.client.connected).length,
      openSessionsMs: Math.round(openMs),
      messagesPerSecond: Math.round(messagesPerSecond * 10) / 10,
      takeoverMs,
    };
  } finally {
    await within(60_000, fleet.close(), "stop the fleet");
  }
}

async function main() {
  await within(
    900_000,
    Promise.resolve().then(() => ensureBuild()),
    "build",
  );
  const postgres = await within(120_000, startTestPostgres(), "PostgreSQL");
  try {
    const one = await measure(postgres.adminUrl, 1);
    const three = await measure(postgres.adminUrl, 3);
    console.log(
      JSON.stringify(
        {
          sessions: SESSIONS,
          messagesPerSession: MESSAGES_EACH,
          one,
          three,
          ratio: {
            messagesPerSecond:
              Math.round((three.messagesPerSecond / one.messagesPerSecond) * 100) / 100,
          },
          note: "three instances share this machine's cores with nginx, Redis, PostgreSQL and the model server",
        },
        null,
        2,
      ),
    );
  } finally {
    await postgres.stop();
  }
}

const watchdog = setTimeout(() => {
  console.error("bench:fleet: over its 20-minute deadline, stopping");
  process.exit(1);
}, 20 * 60_000);
watchdog.unref();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
