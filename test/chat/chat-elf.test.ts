// The whole relay path: browser socket → Control Center → an ELF team server running as its own
// process (`npm run team-server`'s code), including that server dying and coming back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerProcess } from "@/test/elf/support";
import { nextEvent, type ChatHarness } from "@/test/support/chat-harness";
import { startChatHarnessServedBy, startExecutiveTeamServer } from "./elf-team-server";

let teamServer: ServerProcess;
let harness: ChatHarness;

beforeAll(async () => {
  teamServer = await startExecutiveTeamServer();
  harness = await startChatHarnessServedBy(teamServer);
});
afterAll(async () => {
  await harness?.close();
  await teamServer?.stop();
});

describe("chat with a team served by an ELF team server", () => {
  it("relays the greeting and replies, and survives the team server crashing and returning", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "executive-team"));
    expect(ready.session.manager).toMatchObject({
      kind: "elf",
      label: `ELF team server at ${teamServer.url}`,
    });
    expect(ready.history[0]!.content).toMatch(/offline planner/i);

    let reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    expect(
      (await client.emitWithAck("chat:send", { text: "We need a product launch plan" })).ok,
    ).toBe(true);
    expect((await reply).content.length).toBeGreaterThan(20);

    await teamServer.stop("SIGKILL");
    const unavailable = nextEvent(client, "chat:status", (s) => s.state === "unavailable");
    const notice = nextEvent(client, "chat:message", (m) => m.role === "system");
    expect((await client.emitWithAck("chat:send", { text: "Are you there?" })).ok).toBe(true);
    expect((await unavailable).reason).toMatch(/team server/);
    expect((await notice).content).toMatch(/could not answer/);

    teamServer = await startExecutiveTeamServer({ port: teamServer.port });
    reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    expect(
      (await client.emitWithAck("chat:send", { text: "The deadline is next Friday" })).ok,
    ).toBe(true);
    expect((await reply).content.length).toBeGreaterThan(20);

    const again = await harness.connect(await harness.token(user, "executive-team"));
    expect(again.ready.session.id).toBe(ready.session.id);
    expect(again.ready.history.map((m) => m.role)).toEqual([
      "assistant",
      "user",
      "assistant",
      "user",
      "system",
      "user",
      "assistant",
    ]);
  });

  it("shows a team server that refuses the connection as unavailable, with the reason", async () => {
    const wrongKey = await startExecutiveTeamServer({
      secret: "a-different-secret-0123456789-0123456789",
    });
    const local = await startChatHarnessServedBy(wrongKey);
    try {
      const user = await local.createUser("user");
      const { ready } = await local.connect(await local.token(user, "executive-team"));
      expect(ready.status.state).toBe("unavailable");
      expect(ready.status.reason).toMatch(/refused/);
      expect(ready.history).toEqual([]);
    } finally {
      await local.close();
      await wrongKey.stop();
    }
  });
});
