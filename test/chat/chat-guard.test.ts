// Every event on the chat socket is answered, whatever it carries: unknown events, oversized
// payloads, control characters and events sent with only a callback get an error (in the ack
// when there is one), and the socket stays connected.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SOCKET_PAYLOAD_LIMIT } from "@/server/chat/guard";
import { createLlmManager } from "@/server/managers/llm";
import {
  nextEvent,
  startChatHarness,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";
import { scriptedModel } from "@/test/support/mock-model";

let harness: ChatHarness;
let client: ChatClient;

/** The untyped emitter: these tests send what the typed protocol would not let them. */
const raw = () =>
  client as unknown as {
    emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
    emit(event: string, ...args: unknown[]): void;
  };

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"), {
    builtin: createLlmManager({ model: scriptedModel(() => "ok"), label: "Mock model" }),
  });
  const user = await harness.createUser("user");
  ({ client } = await harness.connect(await harness.token(user, "finance-team")));
});
afterAll(() => harness.close());

describe("the chat socket guard", () => {
  it("answers an unknown event with an error ack, or chat:error without one", async () => {
    expect(await raw().emitWithAck("chat:explode", { text: "x" })).toMatchObject({
      ok: false,
      error: { code: "unknown_event" },
    });
    const told = nextEvent(client, "chat:error");
    raw().emit("admin:everything", {});
    expect(await told).toMatchObject({ code: "unknown_event" });
  });

  it("answers a payload over the limit with payload_too_large and keeps the socket", async () => {
    const text = "x".repeat(SOCKET_PAYLOAD_LIMIT + 1);
    expect(await raw().emitWithAck("chat:send", { text })).toMatchObject({
      ok: false,
      error: { code: "payload_too_large" },
    });
    expect(client.connected).toBe(true);
  });

  it("refuses NUL and other control characters with invalid_payload", async () => {
    for (const text of ["a\u0000b", "\u001b[2J"]) {
      expect(await raw().emitWithAck("chat:send", { text })).toMatchObject({
        ok: false,
        error: { code: "invalid_payload" },
      });
    }
  });

  it("answers an event sent with only a callback in that callback", async () => {
    expect(await raw().emitWithAck("chat:send")).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    expect(await raw().emitWithAck("chat:stop")).toMatchObject({ ok: true });
  });

  it("still works for a well-formed message afterwards", async () => {
    const ack = await raw().emitWithAck("chat:send", { text: "hello\tthere\n" });
    expect(ack).toMatchObject({ ok: true });
  });
});
