// Changes made outside the app — plain SQL, as ELF's scripts and the Supabase dashboard write —
// reach open chats and every listener of the change bus, as a change made in the app does.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { subscribeChanges, type ChangeEvent } from "@/lib/events/bus";
import { nextEvent, startChatHarness, type ChatHarness } from "@/test/support/chat-harness";

let harness: ChatHarness;
let elfScript: postgres.Sql;

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"));
  // A connection of its own, as an ELF script has: nothing of the app's in it.
  elfScript = postgres(harness.db.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await elfScript?.end({ timeout: 1 });
  await harness?.close();
});

describe("changes made by SQL outside the app", () => {
  it("announce team_changed for a team's row and for its members' rows", async () => {
    const events: ChangeEvent[] = [];
    const unsubscribe = await subscribeChanges(harness.db.sql, (event) => events.push(event));
    try {
      await elfScript`UPDATE teams SET purpose = purpose || ' (revised)' WHERE name = 'marketing-team'`;
      await elfScript`UPDATE team_members SET skills = array_append(skills, 'ads')
        WHERE team_id = (SELECT id FROM teams WHERE name = 'finance-team')`;
      await expect
        .poll(() =>
          events
            .filter((e) => e.type === "team_changed")
            .map((e) => e.team)
            .sort(),
        )
        .toEqual(["finance-team", "marketing-team"]);
    } finally {
      await unsubscribe();
    }
  });

  it("end an open chat with the reason when chat is turned off in SQL", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "engineering-team"));
    const ended = nextEvent(client, "session:ended");
    await elfScript`UPDATE teams SET enable_chat_interface = false WHERE name = 'engineering-team'`;
    expect(await ended).toMatchObject({ reason: "chat_disabled" });
  });
});
