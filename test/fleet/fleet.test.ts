// Three built instances behind nginx, sharing PostgreSQL and Redis: chats spread over them, one
// user's two tabs on different instances, one instance killed (SIGKILL) while it writes a reply
// and one drained (SIGTERM). Nothing acknowledged is lost or stored twice, no reply is written
// twice, both tabs end with the same conversation, and the rate limit holds across instances.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Ack, ChatMessage } from "@/lib/protocol";

type SendAck = { message: ChatMessage };
import { createUser } from "@/lib/users/service";
import type { User } from "@/lib/users/schemas";
import { startFleet, type ChatClient, type Fleet, type Instance } from "./fleet";

const MESSAGES_PER_MINUTE = 8;
let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet({
    adminUrl: inject("pgAdminUrl"),
    size: 3,
    env: { CHAT_MESSAGES_PER_MINUTE: String(MESSAGES_PER_MINUTE) },
  });
}, 180_000);
afterAll(() => fleet?.close(), 60_000);

/** One browser tab: what it has been shown of its session (snapshots and live messages). */
class Tab {
  seen = new Map<string, ChatMessage>();
  sessionId = "";
  socketId = "";
  isReady = false;
  private waiters: (() => void)[] = [];

  constructor(readonly client: ChatClient) {
    client.on("session:ready", (snapshot) => {
      this.sessionId = snapshot.session.id;
      this.socketId = client.id ?? "";
      for (const m of snapshot.history) this.seen.set(m.id, m);
      this.isReady = true;
      this.waiters.splice(0).forEach((w) => w());
    });
    client.on("chat:message", (m) => this.seen.set(m.id, m));
    client.on("disconnect", () => (this.isReady = false));
  }

  ready(timeoutMs = 30_000): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("tab not ready in time")), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The instance this tab's socket is on (its log names the socket). */
  instance(): Instance | undefined {
    return fleet.instances.find((i) => i.logs.some((line) => line.includes(this.socketId)));
  }
}

const RETRYABLE = new Set([
  "reply_in_progress",
  "session_moving",
  "server_draining",
  "session_opening",
  "internal",
]);

/** client_id is a UUID; the test names each message and keeps the name's UUID. */
const clientIds = new Map<string, string>();
const idOf = (name: string) =>
  clientIds.get(name) ?? (clientIds.set(name, randomUUID()), clientIds.get(name)!);

/** Sends until acknowledged (the same client_id, so a resend is stored once) or refused for good. */
async function send(tab: Tab, text: string, name: string): Promise<Ack<SendAck>> {
  const clientId = idOf(name);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`"${text}" was not acknowledged within 60 s`);
    if (!tab.isReady) {
      await tab.ready(Math.max(1, deadline - Date.now()));
      continue;
    }
    const ack = await tab.client
      .timeout(10_000)
      .emitWithAck("chat:send", { text, client_id: clientId })
      .catch(() => null); // the instance went away before answering
    if (ack?.ok) {
      tab.seen.set(ack.data.message.id, ack.data.message); // the sender has it from the ack
      return ack;
    }
    if (ack && !RETRYABLE.has(ack.error.code)) return ack;
    await sleep(300);
  }
}

/** Resolves once a reply (or the manager's failure notice) to `after` is stored. */
async function replyStored(sessionId: string, after: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = await fleet.db.sql<{ id: string; metadata: Record<string, unknown> }[]>`
      SELECT id::text, metadata FROM team_chat_messages
      WHERE session_id = ${sessionId} AND role <> 'user'
        AND created_at > (SELECT created_at FROM team_chat_messages WHERE id = ${after})
      ORDER BY created_at LIMIT 1`;
    if (row) return row;
    await sleep(150);
  }
  throw new Error(`no reply to ${after} within ${timeoutMs} ms`);
}

async function tabFor(user: User): Promise<Tab> {
  const tab = new Tab(fleet.connect(await fleet.token(user.id, "executive-team", user.role)));
  await tab.ready();
  return tab;
}

/** A tab of `user` on an instance other than `other`'s (round-robin gives one within a few tries). */
async function tabElsewhere(user: User, other: Tab): Promise<Tab> {
  for (let i = 0; i < 6; i++) {
    const tab = await tabFor(user);
    if (tab.instance() !== other.instance()) return tab;
    tab.client.disconnect();
  }
  throw new Error("nginx kept sending the tabs to one instance");
}

const acked = new Map<string, Set<string>>(); // session id → acknowledged client ids
/** Sends, expects it acknowledged, and waits for the reply to be stored. */
async function chat(tab: Tab, text: string, name: string) {
  const ack = await send(tab, text, name);
  expect(ack.ok ? null : ack.error, name).toBeNull();
  if (!ack.ok) return;
  const set = acked.get(tab.sessionId) ?? new Set();
  acked.set(tab.sessionId, set.add(idOf(name)));
  await replyStored(tab.sessionId, ack.data.message.id);
}

describe("a fleet of three instances behind nginx", () => {
  it("keeps every chat whole through a SIGKILL and a SIGTERM, and holds the rate limit", async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createUser(fleet.db.sql, {
          email: `fleet-${i}@example.test`,
          password: "fleet-password",
          role: "user",
        }),
      ),
    );
    const [owner, limited, ...others] = users as [User, User, ...User[]];

    // One user, two tabs, on different instances.
    const tabA = await tabFor(owner);
    const tabB = await tabElsewhere(owner, tabA);
    expect(tabB.sessionId).toBe(tabA.sessionId);
    const otherTabs = await Promise.all(others.map(tabFor));

    // Chats on every instance at once; the owner's tabs take turns.
    await Promise.all([
      (async () => {
        await chat(tabA, "first from A", "a-1");
        await chat(tabB, "first from B", "b-1");
      })(),
      ...otherTabs.map(async (tab, i) => {
        await chat(tab, `hello from user ${i}`, `u${i}-1`);
        await chat(tab, `more from user ${i}`, `u${i}-2`);
      }),
    ]);

    // The rate limit holds across instances: the allowance is spent over two tabs on two
    // instances, and the message over it is refused wherever it is sent.
    const limitedA = await tabFor(limited);
    const limitedB = await tabElsewhere(limited, limitedA);
    for (let i = 0; i < MESSAGES_PER_MINUTE; i++)
      await chat(i % 2 ? limitedB : limitedA, `quick ${i}`, `l-${i}`);
    for (const tab of [limitedA, limitedB])
      expect(await send(tab, "one too many", `l-over-${tab.socketId}`)).toMatchObject({
        ok: false,
        error: { code: "rate_limited" },
      });

    // SIGKILL the owner of the two-tab session while it writes a reply.
    const killedAt = { ms: 0 };
    const firstDelta = new Promise<void>((resolve) =>
      tabB.client.once("chat:delta", () => resolve()),
    );
    const midReply = await send(tabA, "killed mid-reply", "a-kill");
    expect(midReply.ok).toBe(true);
    acked.get(tabA.sessionId)!.add(idOf("a-kill"));
    await firstDelta;
    const victim = await fleet.ownerOf(tabA.sessionId);
    expect(victim).toBeDefined();
    victim!.child.kill("SIGKILL");
    killedAt.ms = Date.now();
    await victim!.exited;

    // Another instance takes the session over within seconds; both tabs chat on through nginx.
    await chat(tabB, "after the kill", "b-after-kill");
    const takeoverMs = Date.now() - killedAt.ms;
    expect(takeoverMs).toBeLessThan(20_000);
    const newOwner = await fleet.ownerOf(tabA.sessionId);
    expect(newOwner && newOwner !== victim).toBe(true);
    await chat(tabA, "A is back", "a-back");
    await Promise.all(otherTabs.map((tab, i) => chat(tab, `still here ${i}`, `u${i}-3`)));

    // SIGTERM the owner while it writes a reply: the reply finishes and is stored, readiness
    // fails meanwhile, and the instance exits within Kubernetes' 30 s.
    const drained = await fleet.ownerOf(tabA.sessionId);
    const drainReply = await send(tabB, "drained mid-reply", "b-drain");
    expect(drainReply.ok).toBe(true);
    acked.get(tabA.sessionId)!.add(idOf("b-drain"));
    const sigtermAt = Date.now();
    drained!.child.kill("SIGTERM");
    // Readiness turns 503 while the instance still serves what it has (the reply keeps it busy).
    let readiness: number | string = "not asked";
    for (let i = 0; i < 40 && readiness !== 503; i++) {
      readiness = await fetch(`${drained!.url}/api/health/ready`).then(
        (r) => r.status,
        () => "refused",
      );
      if (readiness !== 503) await sleep(50);
    }
    expect(readiness).toBe(503);
    expect(await drained!.exited).toBe(0);
    expect(Date.now() - sigtermAt).toBeLessThan(30_000);
    const drainAnswer = await replyStored(
      tabA.sessionId,
      drainReply.ok ? drainReply.data.message.id : "",
    );
    expect(drainAnswer.metadata).not.toHaveProperty("stopped");
    expect(drainAnswer.metadata).not.toHaveProperty("interrupted");

    // Everyone carries on with the instance that is left.
    await chat(tabA, "last from A", "a-last");
    await Promise.all(otherTabs.map((tab, i) => chat(tab, `goodbye ${i}`, `u${i}-4`)));
    await Promise.all([tabA, tabB].map((tab) => tab.ready()));
    await sleep(500); // the last broadcasts reach both tabs

    // Every session of the script acknowledged something, or the checks below check nothing.
    expect(acked.size).toBeGreaterThan(0);
    for (const [sessionId, clientIds] of acked) {
      const rows = await fleet.db.sql<
        { id: string; role: string; client_id: string | null; reply_id: string | null }[]
      >`SELECT id::text, role, metadata->>'client_id' AS client_id, metadata->>'reply_id' AS reply_id
        FROM team_chat_messages WHERE session_id = ${sessionId} ORDER BY created_at`;
      // Every acknowledged message is stored exactly once.
      for (const clientId of clientIds)
        expect(
          rows.filter((r) => r.client_id === clientId),
          clientId,
        ).toHaveLength(1);
      // No reply was written twice: one stored answer per reply, never more answers than messages.
      const replies = rows.filter((r) => r.role === "assistant" && r.reply_id);
      expect(new Set(replies.map((r) => r.reply_id)).size).toBe(replies.length);
      expect(replies.length).toBeLessThanOrEqual(rows.filter((r) => r.role === "user").length);
      // Both tabs of the two-tab session saw the whole conversation.
      if (sessionId === tabA.sessionId) {
        const stored = rows.map((r) => r.id).sort();
        expect([...tabA.seen.keys()].sort()).toEqual(stored);
        expect([...tabB.seen.keys()].sort()).toEqual(stored);
      }
    }
    console.log(`fleet: takeover after SIGKILL took ${takeoverMs} ms`);
  }, 240_000);
});
