// The whole relay path: browser socket → Control Center → an ELF team server running as its own
// process (`npm run team-server`'s code), including that server dying and coming back.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TEST_SECRETS } from "@/test/support/app-process";
import { nextEvent, startChatHarness, type ChatHarness } from "@/test/support/chat-harness";
import { startServerProcess, type ServerProcess } from "@/test/elf/support";

const MAIN = path.resolve(import.meta.dirname, "../../server/team-server/main.ts");
const NO_MODEL = { OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", OPENAI_BASE_URL: "", JWT_SECRET_KEY: TEST_SECRETS.JWT_SECRET_KEY };

let teamServer: ServerProcess;
let harness: ChatHarness;

beforeAll(async () => {
  teamServer = await startServerProcess(MAIN, ["--team", "executive-team", "--port", "0"], NO_MODEL);
  harness = await startChatHarness(inject("pgAdminUrl"), { env: { TEAM_SERVER_URLS: `executive-team=${teamServer.url}` } });
});
afterAll(async () => {
  await harness?.close();
  await teamServer?.stop();
});

describe("chat with a team served by an ELF team server", () => {
  it("relays the greeting and replies, and survives the team server crashing and returning", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "executive-team"));
    expect(ready.session.manager).toMatchObject({ kind: "elf", label: `ELF team server at ${teamServer.url}` });
    expect(ready.history[0]!.content).toMatch(/offline planner/i);

    let reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    expect((await client.emitWithAck("chat:send", { text: "We need a product launch plan" })).ok).toBe(true);
    expect((await reply).content.length).toBeGreaterThan(20);

    await teamServer.stop("SIGKILL");
    const unavailable = nextEvent(client, "chat:status", (s) => s.state === "unavailable");
    const notice = nextEvent(client, "chat:message", (m) => m.role === "system");
    expect((await client.emitWithAck("chat:send", { text: "Are you there?" })).ok).toBe(true);
    expect((await unavailable).reason).toMatch(/team server/);
    expect((await notice).content).toMatch(/could not answer/);

    teamServer = await startServerProcess(MAIN, ["--team", "executive-team", "--port", String(teamServer.port)], NO_MODEL);
    reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    expect((await client.emitWithAck("chat:send", { text: "The deadline is next Friday" })).ok).toBe(true);
    expect((await reply).content.length).toBeGreaterThan(20);

    const again = await harness.connect(await harness.token(user, "executive-team"));
    expect(again.ready.session.id).toBe(ready.session.id);
    expect(again.ready.history.map((m) => m.role)).toEqual(["assistant", "user", "assistant", "user", "system", "user", "assistant"]);
  });

  it("shows a team server that refuses the connection as unavailable, with the reason", async () => {
    const wrongKey = await startServerProcess(MAIN, ["--team", "executive-team", "--port", "0"], { ...NO_MODEL, JWT_SECRET_KEY: "a-different-secret-0123456789-0123456789" });
    const local = await startChatHarness(inject("pgAdminUrl"), { env: { TEAM_SERVER_URLS: `executive-team=${wrongKey.url}` } });
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
