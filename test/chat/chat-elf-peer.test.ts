// The relay against a team server built like ELF's (test/support/elf-peer: Python, FastAPI,
// pydantic 1.x, PyJWT), from a real socket.io client: the greeting, replies, a delegation_preview
// whose unset Optional fields are null shown as a plan, an edit, and a confirm that reaches the
// peer with the edit as ELF's modifications; a frame the peer gets wrong is shown, not dropped.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TEST_SECRETS } from "@/test/support/app-process";
import {
  nextEvent,
  startChatHarness,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";
import { startElfPeer, type ElfPeer } from "@/test/support/elf-peer";

let peer: ElfPeer;
let harness: ChatHarness;

beforeAll(async () => {
  peer = await startElfPeer({ team: "executive-team", secret: TEST_SECRETS.JWT_SECRET_KEY });
  harness = await startChatHarness(inject("pgAdminUrl"), {
    env: { TEAM_SERVER_URLS: `executive-team=${peer.url}` },
  });
});
afterAll(async () => {
  await harness?.close();
  await peer?.stop();
});

const reply = (client: ChatClient, content: string) =>
  nextEvent(client, "chat:message", (m) => m.role === "assistant" && m.content === content);

describe("the relay with a Python ELF team server", () => {
  it("relays the greeting and replies, shows a null-filled preview as a plan, and confirms the edit as ELF's modifications", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "executive-team"));
    expect(ready.session.manager.kind).toBe("elf");
    expect(ready.history.map((m) => m.content)).toEqual([
      "Hello! I'm the Chief Executive Officer of executive-team.",
    ]);

    const hello = reply(client, "Noted: hello");
    expect((await client.emitWithAck("chat:send", { text: "hello" })).ok).toBe(true);
    await hello;

    const text = "Let's plan the spring launch";
    const preview = nextEvent(client, "delegation:preview");
    const answered = reply(client, `Noted: ${text}`);
    expect((await client.emitWithAck("chat:send", { text })).ok).toBe(true);
    await answered;
    const plan = await preview;
    expect(plan).toMatchObject({
      version: 1,
      status: "proposed",
      title: "Spring launch campaign",
      priority: "high",
      deadline: null,
      estimated_hours: null,
      chat_summary: "",
      requirements: [{ description: "A landing page" }],
      subtasks: [{ team: "executive-team" }],
    });

    const {
      id: _i,
      version: _v,
      status: _s,
      session_id: _se,
      user_id: _u,
      team: _t,
      source: _so,
      created_at: _c,
      updated_at: _up,
      task_id: _ti,
      ...draft
    } = plan;
    const edited = await client.emitWithAck("delegation:update", {
      plan_id: plan.id,
      version: 1,
      draft: { ...draft, priority: "urgent" },
    });
    expect(edited).toMatchObject({ ok: true, data: { version: 2 } });
    const confirmed = await client.emitWithAck("delegation:confirm", {
      plan_id: plan.id,
      version: 2,
    });
    expect(confirmed).toMatchObject({ ok: true, data: { created: true } });

    const [origin] = await harness.db.sql<{ session_id: string }[]>`
      SELECT origin->>'session_id' AS session_id FROM cc_delegation_plans WHERE id = ${plan.id}`;
    expect(await peer.confirmations()).toEqual([
      { session_id: origin!.session_id, confirmed: true, modifications: { priority: "urgent" } },
    ]);
  });

  it("tells the chat what the team server sent that could not be used, and still relays its reply", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    const notice = nextEvent(client, "chat:error", (e) => e.code === "upstream_unreadable");
    const answered = reply(client, "Noted: garbage please");
    expect((await client.emitWithAck("chat:send", { text: "garbage please" })).ok).toBe(true);
    expect((await notice).message).toMatch(
      /^The team server sent a frame that could not be used: content: .*It sent: \{"type": "message", "content": null, "oops": true\}/,
    );
    await answered;
  });
});
