// ELF's teams.name is free text: a team named "Marketing & Growth (EU)" must work wherever a team
// does — in the offline planner's plans for its parent, and as a team one chats with.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOfflineManager } from "@/server/managers/offline";
import { nextEvent, startChatHarness, type ChatHarness } from "@/test/support/chat-harness";

let harness: ChatHarness;
const CHILD = "Marketing & Growth (EU)";
const TOP = "Executive Office";

async function rename(from: string, to: string) {
  await harness.db.sql`UPDATE teams SET name = ${to} WHERE name = ${from}`;
  await harness.db
    .sql`UPDATE team_relationships SET parent_entity_name = ${to} WHERE parent_entity_name = ${from}`;
}

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"), { builtin: createOfflineManager() });
  await rename("marketing-team", CHILD);
  await rename("executive-team", TOP);
});
afterAll(() => harness.close());

describe("registry names that are not slugs", () => {
  it("reach the plan of the parent's offline planner, and the parent's chat itself", async () => {
    const user = await harness.createUser("user");
    const { client, ready } = await harness.connect(await harness.token(user, TOP));
    expect(ready.session.team.name).toBe(TOP);
    const preview = nextEvent(client, "delegation:preview");
    const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
    const failures: unknown[] = [];
    client.on("chat:status", (status) => {
      if (status.state === "unavailable") failures.push(status);
    });
    const text =
      "Launch a marketing campaign for our analytics product by end of next month. Success means at least 500 sign-ups in the first week.";
    expect(await client.emitWithAck("chat:send", { text })).toMatchObject({ ok: true });
    expect((await reply).content).not.toMatch(/failed unexpectedly/);
    const plan = await preview;
    expect(plan.team).toBe(TOP);
    expect(plan.subtasks.map((s) => s.team)).toContain(CHILD);
    expect(failures).toEqual([]);

    const confirmed = await client.emitWithAck("delegation:confirm", {
      plan_id: plan.id,
      version: plan.version,
    });
    expect(confirmed).toMatchObject({ ok: true, data: { created: true } });
  });
});
