// An open session follows an admin's change of its team: the next reply comes from the manager as
// the team is reached now (built-in → ELF team server), the LLM is offered plans only while the
// team allows previews, and a changed time limit reaches the tabs and ends the session on time.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { updateTeamSettings } from "@/lib/teams/settings";
import { createLlmManager } from "@/server/managers/llm";
import { PROPOSE_TOOL } from "@/server/managers/llm/proposal";
import { startEchoTeamServer, type ServerProcess } from "@/test/elf/support";
import { TEST_SECRETS } from "@/test/support/app-process";
import {
  nextEvent,
  startChatHarness,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";
import { scriptedModel } from "@/test/support/mock-model";

// Slow enough that a reply is still being written when the admin's change arrives.
const model = scriptedModel((call) => `Answer ${call} from the model, written word by word.`, 20);
const admin = { id: "00000000-0000-4000-8000-00000000000a", email: "root@example.test" };
let harness: ChatHarness;
let teamServer: ServerProcess;

beforeAll(async () => {
  [harness, teamServer] = await Promise.all([
    startChatHarness(inject("pgAdminUrl"), {
      builtin: createLlmManager({ model, label: "Mock model" }),
    }),
    startEchoTeamServer({
      team: "executive-team",
      env: { JWT_SECRET_KEY: TEST_SECRETS.JWT_SECRET_KEY },
    }),
  ]);
});
afterAll(async () => {
  await harness?.close();
  await teamServer?.stop();
});

async function exchange(client: ChatClient, text: string) {
  const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
  expect((await client.emitWithAck("chat:send", { text })).ok).toBe(true);
  return reply;
}

const offeredTools = () => (model.doStreamCalls.at(-1)!.tools ?? []).map((tool) => tool.name);

describe("open sessions follow admin changes of their team", () => {
  it("switching a team from built-in to an ELF team server: the reply in flight is kept, the next one comes from the team server", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "executive-team"));
    expect(ready.session.manager).toMatchObject({ kind: "llm", label: "Mock model" });
    await exchange(client, "Hello");

    // The admin switches while the model is writing its reply.
    const inFlight = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    const writing = nextEvent(client, "chat:delta");
    expect((await client.emitWithAck("chat:send", { text: "Tell me more" })).ok).toBe(true);
    await writing;
    const updated = nextEvent(client, "session:updated", (u) => u.manager.kind === "elf");
    await updateTeamSettings(
      harness.db.sql,
      "executive-team",
      { manager: { kind: "elf", url: teamServer.url } },
      admin,
    );

    const stored = await inFlight;
    expect(stored.content).toMatch(/^Answer \d+ from the model, written word by word\.$/);
    expect(stored.metadata).toMatchObject({ manager: "llm" });
    expect((await updated).manager).toEqual({
      role: "Chief Executive Officer",
      kind: "elf",
      label: `ELF team server at ${teamServer.url}`,
    });

    const fromTeamServer = await exchange(client, "Where do we stand?");
    expect(fromTeamServer.content).toBe("echo: Where do we stand?");
    expect(fromTeamServer.metadata).toMatchObject({ manager: "elf" });

    // Same session, history kept; a new tab sees it too, answered by the team server.
    const again = await harness.connect(await harness.token(user, "executive-team"));
    expect(again.ready.session).toMatchObject({ id: ready.session.id, manager: { kind: "elf" } });
    expect(
      again.ready.history
        .filter((m) => m.role !== "system")
        .map((m) => [m.role, m.metadata.manager ?? null]),
    ).toEqual([
      ["assistant", null],
      ["user", null],
      ["assistant", "llm"],
      ["user", null],
      ["assistant", "llm"],
      ["user", null],
      ["assistant", "elf"],
    ]);

    // And back: the next reply is the model's again.
    // (The health checker may announce the team server meanwhile: that is a team change too.)
    const back = nextEvent(client, "session:updated", (u) => u.manager.kind === "llm");
    await updateTeamSettings(
      harness.db.sql,
      "executive-team",
      { manager: { kind: "builtin" } },
      admin,
    );
    expect((await back).manager.kind).toBe("llm");
    expect((await exchange(client, "Still there?")).metadata).toMatchObject({ manager: "llm" });
  });

  it("turning enable_delegation_preview off mid-session stops offering the model its propose_delegation tool", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "engineering-team"));
    await exchange(client, "We need a new build pipeline");
    expect(offeredTools()).toContain(PROPOSE_TOOL);

    const updated = nextEvent(client, "session:updated");
    await updateTeamSettings(
      harness.db.sql,
      "engineering-team",
      { chat_config: { enable_delegation_preview: false } },
      admin,
    );
    await updated;
    await exchange(client, "Go ahead");
    expect(offeredTools()).not.toContain(PROPOSE_TOOL);
    expect(JSON.stringify(model.doStreamCalls.at(-1)!.prompt[0])).toContain(
      "Plans are not offered as previews",
    );

    const restored = nextEvent(client, "session:updated");
    await updateTeamSettings(
      harness.db.sql,
      "engineering-team",
      { chat_config: { enable_delegation_preview: true } },
      admin,
    );
    await restored;
    await exchange(client, "Now propose it");
    expect(offeredTools()).toContain(PROPOSE_TOOL);
  });

  it("a changed max_session_duration_minutes reaches every tab and ends the session when it runs out", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, "operations-team"));
    const other = await harness.connect(await harness.token(user, "operations-team"));
    expect(ready.limits.max_duration_minutes).toBe(45); // as seeded for this team
    await exchange(client, "Hello");
    // The session has been open for 20 minutes: within the 45 it was given, past a new limit of 15.
    await harness.db
      .sql`UPDATE team_chat_sessions SET started_at = now() - interval '20 minutes' WHERE id = ${ready.session.id}`;
    const [started] = await harness.db.sql<
      { started_at: Date }[]
    >`SELECT started_at FROM team_chat_sessions WHERE id = ${ready.session.id}`;

    const longer = nextEvent(
      other.client,
      "session:updated",
      (u) => u.limits.max_duration_minutes === 30,
    );
    await updateTeamSettings(
      harness.db.sql,
      "operations-team",
      { chat_config: { max_session_duration_minutes: 30 } },
      admin,
    );
    expect((await longer).limits).toMatchObject({
      max_duration_minutes: 30,
      messages_left: ready.limits.max_messages - 1,
      expires_at: new Date(started!.started_at.getTime() + 30 * 60_000).toISOString(),
    });
    expect(client.connected).toBe(true);

    const shorter = nextEvent(
      client,
      "session:updated",
      (u) => u.limits.max_duration_minutes === 15,
    );
    const ended = nextEvent(client, "session:ended");
    const endedElsewhere = nextEvent(other.client, "session:ended");
    await updateTeamSettings(
      harness.db.sql,
      "operations-team",
      { chat_config: { max_session_duration_minutes: 15 } },
      admin,
    );
    expect((await shorter).limits).toMatchObject({ max_duration_minutes: 15 });
    expect(await ended).toMatchObject({ session_id: ready.session.id, reason: "duration_limit" });
    expect(await endedElsewhere).toMatchObject({ reason: "duration_limit" });
    const [row] = await harness.db.sql<
      { ended_at: Date | null }[]
    >`SELECT ended_at FROM team_chat_sessions WHERE id = ${ready.session.id}`;
    expect(row?.ended_at).toBeInstanceOf(Date);
  });
});
