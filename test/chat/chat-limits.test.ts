// Each team's chat_config and the per-user limits are enforced by the server.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLlmManager } from "@/server/managers/llm";
import {
  nextEvent,
  startChatHarness,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";
import { scriptedModel } from "@/test/support/mock-model";

const model = scriptedModel((call) => `Answer ${call}.`);
let harness: ChatHarness;

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"), {
    builtin: createLlmManager({ model, label: "Mock model" }),
    env: { CHAT_MESSAGES_PER_MINUTE: "3" },
  });
});
afterAll(() => harness.close());

const setConfig = (team: string, config: Record<string, unknown>) =>
  harness.db
    .sql`UPDATE teams SET chat_config = chat_config || ${harness.db.sql.json(config as never)} WHERE name = ${team}`;

async function exchange(client: ChatClient, text: string) {
  const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
  const ack = await client.emitWithAck("chat:send", { text });
  if (ack.ok) await reply;
  // Refused: no reply comes, and the wait's timeout must not surface later as an unhandled error.
  else reply.catch(() => {});
  return ack;
}

describe("chat limits", () => {
  it("enforces max_messages_per_session and lets the user start a new session", async () => {
    await setConfig("finance-team", { max_messages_per_session: 2 });
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "finance-team"));
    expect(ready.limits).toMatchObject({ max_messages: 2, messages_left: 2 });
    expect((await exchange(client, "one")).ok).toBe(true);
    expect((await exchange(client, "two")).ok).toBe(true);
    const refused = await exchange(client, "three");
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "message_limit", message: expect.stringMatching(/limit of 2 messages/) },
    });
    const fresh = await client.emitWithAck("session:restart", {});
    expect(
      fresh.ok &&
        fresh.data.session.id !== ready.session.id &&
        fresh.data.limits.messages_left === 2,
    ).toBe(true);
    const old = await harness.db
      .sql`SELECT ended_at FROM team_chat_sessions WHERE id = ${ready.session.id}`;
    expect(old[0]!.ended_at).not.toBeNull();
  });

  it("ends a session past max_session_duration_minutes and keeps its history", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "operations-team"));
    await exchange(client, "before the deadline");
    await harness.db
      .sql`UPDATE team_chat_sessions SET started_at = now() - interval '2 hours' WHERE id = ${ready.session.id}`;
    const ended = nextEvent(client, "session:ended");
    expect(await exchange(client, "too late")).toMatchObject({
      ok: false,
      error: { code: "duration_limit" },
    });
    expect(await ended).toMatchObject({ reason: "duration_limit", session_id: ready.session.id });
    const kept = await harness.db
      .sql`SELECT count(*)::int AS n FROM team_chat_messages WHERE session_id = ${ready.session.id}`;
    expect(kept[0]!.n).toBe(3);
    // Reconnecting opens a new session; the old one stays readable in the database.
    const next = await harness.connect(await harness.token(user, "operations-team"));
    expect(next.ready.session.id).not.toBe(ready.session.id);
  });

  it("gives the manager only context_window_messages of history", async () => {
    await setConfig("marketing-team", { context_window_messages: 3 });
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "marketing-team"));
    await exchange(client, "first");
    await exchange(client, "second");
    const lastCall = model.doStreamCalls.at(-1)!;
    const turns = lastCall.prompt.filter((m) => m.role !== "system");
    expect(turns).toHaveLength(3);
    expect(JSON.stringify(turns.at(-1))).toContain("second");
  });

  it("rate-limits messages per user with a clear message and loses nothing", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "engineering-team"));
    for (const text of ["a", "b", "c"]) expect((await exchange(client, text)).ok).toBe(true);
    const refused = await exchange(client, "d");
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "rate_limited", message: expect.stringMatching(/Try again in \d+ s/) },
    });
    const stored = await harness.db
      .sql`SELECT content FROM team_chat_messages WHERE session_id = ${ready.session.id} AND role = 'user' ORDER BY created_at`;
    expect(stored.map((r) => r.content)).toEqual(["a", "b", "c"]);
  });

  it("counts a message against the rate once, however often it is resent", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "engineering-team"));
    const clientId = randomUUID();
    const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    const first = await client.emitWithAck("chat:send", { text: "a", client_id: clientId });
    await reply;
    for (const _ of [1, 2]) {
      const again = await client.emitWithAck("chat:send", { text: "a", client_id: clientId });
      expect(again.ok && first.ok && again.data.message.id === first.data.message.id).toBe(true);
    }
    // Two more fit in the three a minute: the resends took nothing.
    for (const text of ["b", "c"]) expect((await exchange(client, text)).ok).toBe(true);
    expect(await exchange(client, "d")).toMatchObject({
      ok: false,
      error: { code: "rate_limited" },
    });
    const stored = await harness.db
      .sql`SELECT content FROM team_chat_messages WHERE session_id = ${ready.session.id} AND role = 'user' ORDER BY created_at`;
    expect(stored.map((r) => r.content)).toEqual(["a", "b", "c"]);
  });

  it("ends the session on request and refuses sends after that", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "executive-team"));
    const ended = await client.emitWithAck("session:end", {});
    expect(ended).toMatchObject({
      ok: true,
      data: { reason: "user_ended", session_id: ready.session.id },
    });
    expect(await client.emitWithAck("chat:send", { text: "hello?" })).toMatchObject({
      ok: false,
      error: { code: "session_ended" },
    });
  });
});

describe("a manager that fails", () => {
  it("shows the manager as unavailable with the reason, keeps the session, and recovers", async () => {
    const flaky = scriptedModel((call) =>
      call === 0 ? new Error("connection reset") : "Back again.",
    );
    const local = await startChatHarness(inject("pgAdminUrl"), {
      builtin: createLlmManager({ model: flaky, label: "Flaky" }),
    });
    try {
      const user = await local.createUser("user");
      const { client, ready } = await local.connect(await local.token(user, "executive-team"));
      const unavailable = nextEvent(client, "chat:status", (s) => s.state === "unavailable");
      const notice = nextEvent(client, "chat:message", (m) => m.role === "system");
      expect((await client.emitWithAck("chat:send", { text: "hello" })).ok).toBe(true);
      expect((await unavailable).reason).toMatch(/language model/);
      expect((await notice).content).toMatch(/could not answer/);
      const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
      expect((await client.emitWithAck("chat:send", { text: "try again" })).ok).toBe(true);
      expect((await reply).content).toBe("Back again.");
      const again = await local.connect(await local.token(user, "executive-team"));
      expect(again.ready.session.id).toBe(ready.session.id);
      expect(again.ready.history.map((m) => m.role)).toEqual([
        "assistant",
        "user",
        "system",
        "user",
        "assistant",
      ]);
    } finally {
      await local.close();
    }
  });
});
