// Two instances on one PostgreSQL and no Redis: the Socket.IO PostgreSQL adapter carries a
// session's messages to its tab on the other instance, and a tab's message reaches the owner.
// One instance alone publishes nothing (server/fleet/local-first.ts); once a second has started,
// every broadcast reaches it.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLlmManager } from "@/server/managers/llm";
import type { AppServer } from "@/server/app-server";
import { nextEvent, startChatHarness, type ChatHarness } from "@/test/support/chat-harness";
import { scriptedModel } from "@/test/support/mock-model";

const model = scriptedModel((call) => `Answer ${call}.`);
let harness: ChatHarness;
let second: AppServer;

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"), {
    builtin: createLlmManager({ model, label: "Mock model" }),
  });
  second = await harness.startInstance();
});
afterAll(() => harness.close());

describe("two instances without Redis", () => {
  it("show one session's conversation in its tabs on both instances, whichever tab sends", async () => {
    const user = await harness.createUser("user");
    const token = await harness.token(user, "executive-team");
    const a = await harness.connect(token);
    const b = await harness.connect(token, second.url);
    expect(b.ready.session.id).toBe(a.ready.session.id);

    for (const [from, to, text] of [
      [a, b, "Sent on the first instance"],
      [b, a, "Sent on the second instance"],
    ] as const) {
      const seen = nextEvent(to.client, "chat:message", (m) => m.role === "user");
      const reply = (client: typeof from.client) =>
        nextEvent(client, "chat:message", (m) => m.role === "assistant");
      const replies = Promise.all([reply(from.client), reply(to.client)]);
      const ack = await from.client.emitWithAck("chat:send", { text });
      expect(ack.ok).toBe(true);
      expect((await seen).content).toBe(text);
      const [mine, theirs] = await replies;
      expect(theirs.id).toBe(mine.id);
      expect(theirs.content).toMatch(/^Answer \d+\.$/);
    }
  });
});
