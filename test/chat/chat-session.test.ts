// Sessions, persistence, streaming, stop, limits and bad input against the real chat server.
// The manager is the real LLM manager over the AI SDK's mock model (the edge of the world).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { User } from "@/lib/users/schemas";
import { createLlmManager } from "@/server/managers/llm";
import { SOCKET_FRAME_LIMIT } from "@/server/chat/guard";
import { registry } from "@/server/metrics/registry";
import {
  nextEvent,
  startChatHarness,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";
import { scriptedModel } from "@/test/support/mock-model";

const model = scriptedModel(
  (call) => `Reply number ${call} with several words in it to stream.`,
  25,
);
let harness: ChatHarness;

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"), {
    builtin: createLlmManager({ model, label: "Mock model" }),
    env: { CHAT_MESSAGES_PER_MINUTE: "6" },
  });
});
afterAll(() => harness.close());

async function send(client: ChatClient, text: string, clientId?: string) {
  return client.emitWithAck("chat:send", { text, ...(clientId ? { client_id: clientId } : {}) });
}

async function sendAndAwaitReply(client: ChatClient, text: string) {
  const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
  const ack = await send(client, text);
  expect(ack.ok).toBe(true);
  return reply;
}

describe("a chat session", () => {
  let user: User;
  beforeAll(async () => {
    user = await harness.createUser("user");
  });

  it("greets, streams the reply token by token, and stores everything", async () => {
    const { client, ready } = await harness.connect(await harness.token(user, "executive-team"));
    expect(ready.history).toHaveLength(1);
    expect(ready.history[0]).toMatchObject({ role: "assistant", metadata: { greeting: true } });
    expect(ready.session.manager).toMatchObject({
      kind: "llm",
      label: "Mock model",
      role: "Chief Executive Officer",
    });

    const deltas: string[] = [];
    client.on("chat:delta", ({ delta }) => deltas.push(delta));
    const statuses: string[] = [];
    client.on("chat:status", ({ state }) => statuses.push(state));
    const reply = await sendAndAwaitReply(client, "Plan the launch of our new product");

    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(reply.content);
    // The session turns idle once the reply is stored: the status follows the message, in order.
    await vi.waitFor(() => expect(statuses).toEqual(["thinking", "streaming", "idle"]));
    const [session] = await harness.db
      .sql`SELECT message_count, total_tokens FROM team_chat_sessions WHERE id = ${ready.session.id}`;
    expect(session!.message_count).toBe(3);
    expect(session!.total_tokens).toBeGreaterThan(0);
    client.disconnect();
  });

  it("resumes the same session with its full history, without duplicates", async () => {
    const first = await harness.connect(await harness.token(user, "executive-team"));
    const second = await harness.connect(await harness.token(user, "executive-team"));
    expect(second.ready.session.id).toBe(first.ready.session.id);
    expect(second.ready.history.map((m) => m.id)).toEqual(first.ready.history.map((m) => m.id));
    expect(new Set(second.ready.history.map((m) => m.id)).size).toBe(second.ready.history.length);
    expect(second.ready.history.map((m) => m.role)).toEqual(["assistant", "user", "assistant"]);
  });

  it("stores a message resent with the same client_id once", async () => {
    const { client } = await harness.connect(await harness.token(user, "finance-team"));
    const clientId = randomUUID();
    const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    const [a, b] = await Promise.all([
      send(client, "Budget for Q3", clientId),
      send(client, "Budget for Q3", clientId),
    ]);
    await reply;
    expect(a.ok && b.ok && a.data.message.id === b.data.message.id).toBe(true);
    const rows = await harness.db
      .sql`SELECT count(*)::int AS n FROM team_chat_messages WHERE metadata->>'client_id' = ${clientId}`;
    expect(rows[0]!.n).toBe(1);
  });

  it("keeps a reply that finished while the user was away", async () => {
    const away = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(away, "operations-team"));
    const started = nextEvent(client, "chat:delta");
    expect((await send(client, "Audit our vendors")).ok).toBe(true);
    await started;
    client.disconnect(); // mid-reply
    await expect
      .poll(
        async () =>
          (
            await harness.db.sql`
      SELECT count(*)::int AS n FROM team_chat_messages m JOIN team_chat_sessions s ON s.id = m.session_id
      WHERE s.user_id = ${away.id} AND m.role = 'assistant' AND NOT (m.metadata ? 'greeting')`
          )[0]!.n,
        { timeout: 5000 },
      )
      .toBe(1);
    const back = await harness.connect(await harness.token(away, "operations-team"));
    expect(back.ready.history.map((m) => m.role)).toEqual(["assistant", "user", "assistant"]);
    expect(back.ready.history[2]!.metadata.stopped).toBeUndefined();
  });

  it("stops a reply on request and keeps what was written, marked as stopped", async () => {
    const stopper = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(stopper, "marketing-team"));
    const started = nextEvent(client, "chat:delta");
    const stored = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    await send(client, "Write a long essay");
    await started;
    expect(await client.emitWithAck("chat:stop", {})).toEqual({
      ok: true,
      data: { stopped: true },
    });
    const message = await stored;
    expect(message.metadata.stopped).toBe(true);
    expect(message.content.length).toBeGreaterThan(0);
    expect(await client.emitWithAck("chat:stop", {})).toEqual({
      ok: true,
      data: { stopped: false },
    });
  });

  it("refuses a second message while the manager is still answering", async () => {
    const eager = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(eager, "engineering-team"));
    const done = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    await send(client, "First");
    const second = await send(client, "Second");
    expect(second).toMatchObject({ ok: false, error: { code: "reply_in_progress" } });
    await done;
  });

  it("survives a server restart: history is in the database", async () => {
    const survivor = await harness.createUser("user");
    const before = await harness.connect(await harness.token(survivor, "executive-team"));
    await sendAndAwaitReply(before.client, "Remember this");
    await harness.restart();
    const after = await harness.connect(await harness.token(survivor, "executive-team"));
    expect(after.ready.session.id).toBe(before.ready.session.id);
    expect(after.ready.history.map((m) => m.content)).toContain("Remember this");
    expect(after.ready.history).toHaveLength(3);
  });

  it("counts the sessions it holds for /metrics: one per session, not per tab, none once the tabs are gone", async () => {
    const held = async () =>
      (await registry.getSingleMetric("cc_chat_sessions")!.get()).values[0]?.value ?? 0;
    const before = await held();
    const reader = await harness.createUser("user");
    const token = await harness.token(reader, "executive-team");
    const tabs = [await harness.connect(token), await harness.connect(token)];
    expect(await held()).toBe(before + 1);
    for (const { client } of tabs) client.disconnect();
    await expect.poll(held).toBe(before);
  });
});

describe("bad input", () => {
  it.each([
    ["not an object", "hello"],
    ["no text", {}],
    ["empty text", { text: "   " }],
    ["too long", { text: "x".repeat(8001) }],
    ["unknown keys", { text: "hi", admin: true }],
    ["a malformed client_id", { text: "hi", client_id: "nope" }],
  ])("answers %s with an error ack and keeps the socket", async (_label, payload) => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    const ack = await (client.emitWithAck as (e: string, p: unknown) => Promise<unknown>)(
      "chat:send",
      payload,
    );
    expect(ack).toMatchObject({
      ok: false,
      error: { code: "invalid_payload", message: expect.any(String) },
    });
    expect(client.connected).toBe(true);
    await sendAndAwaitReply(client, "still here?");
  });

  it("reports errors for an event sent without an ack callback", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    const error = nextEvent(client, "chat:error");
    (client.emit as (e: string, p: unknown) => void)("chat:send", { nope: 1 });
    expect(await error).toMatchObject({ code: "invalid_payload" });
  });

  it("drops a frame over Socket.IO's buffer without harming the server", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    const gone = new Promise((resolve) => client.on("disconnect", resolve));
    (client.emit as (e: string, p: unknown) => void)("chat:send", {
      text: "x".repeat(SOCKET_FRAME_LIMIT + 1024),
    });
    await gone;
    const again = await harness.connect(await harness.token(user, "executive-team"));
    await sendAndAwaitReply(again.client, "after the big one");
  });
});
