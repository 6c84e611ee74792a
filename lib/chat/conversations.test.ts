// A person's conversation history: their own sessions only, titled by plan or first message, with
// the task a plan became; search by words (prefixes too); one session read back only by its owner,
// an admin or a viewer.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testDraft } from "@/test/fixtures/plan-draft";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { confirmPlan } from "../delegation/confirm";
import { proposePlan } from "../delegation/service";
import { seedOrganisation } from "../teams/seed";
import { getConversation, listConversations, searchQueryOf, titleOf } from "./conversations";
import { insertSession, markSessionEnded } from "./queries";

let db: TestDatabase;
let teamId: string;
let otherTeamId: string;
const ada = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.test" };
const bob = { id: "00000000-0000-4000-8000-000000000002", email: "bob@example.test" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  const ids = await db.sql<{ name: string; id: string }[]>`
    SELECT name, id::text FROM teams WHERE name IN ('executive-team', 'engineering-team')`;
  teamId = ids.find((t) => t.name === "executive-team")!.id;
  otherTeamId = ids.find((t) => t.name === "engineering-team")!.id;
});
afterAll(() => db.drop());

async function session(userId: string, team: string, ...userMessages: string[]): Promise<string> {
  const row = await insertSession(db.sql, team, userId, {});
  for (const content of userMessages)
    await db.sql`INSERT INTO team_chat_messages (session_id, role, content, created_at)
      VALUES (${row.id}, 'user', ${content}, clock_timestamp())`;
  return row.id;
}

describe("titleOf and searchQueryOf", () => {
  it("titles by the plan, else the first message, shortened; searches by word prefixes only", () => {
    expect(titleOf("Launch", "hello")).toBe("Launch");
    expect(titleOf(null, "  hello\n  there ")).toBe("hello there");
    expect(titleOf(null, "x".repeat(200))).toHaveLength(80);
    expect(titleOf(null, null)).toBe("New conversation");
    expect(searchQueryOf("analyt  dash!")).toBe("analyt:* & dash:*");
    expect(searchQueryOf("') | (x")).toBe("x:*");
    expect(searchQueryOf("&|!")).toBeNull();
  });
});

describe("listConversations", () => {
  it("lists only the user's own sessions, newest first, with plan title, status and task", async () => {
    const first = await session(ada.id, teamId, "Plan the analytics launch");
    await markSessionEnded(db.sql, first, "user_ended");
    const { plan } = await proposePlan(db.sql, {
      sessionId: first,
      teamId,
      userId: ada.id,
      draft: testDraft({ title: "Analytics launch plan" }),
    });
    const { taskId } = await confirmPlan(db.sql, { planId: plan.id, version: 1, actor: ada });
    const second = await session(ada.id, teamId, "What is our hiring budget?");
    const elsewhere = await session(ada.id, otherTeamId, "Fix the build");
    const bobs = await session(bob.id, teamId, "Bob's secret plan");
    // An ended session where nothing was said is not history.
    await markSessionEnded(db.sql, await session(ada.id, teamId), "user_ended");

    const own = await listConversations(db.sql, ada.id, { teamId });
    expect(own.map((c) => c.id)).toEqual([second, first]);
    expect(own[1]).toMatchObject({
      title: "Analytics launch plan",
      plan: { status: "confirmed", title: "Analytics launch plan" },
      task_id: taskId,
      team: { name: "executive-team" },
    });
    expect(own[1]!.ended_at).toBeInstanceOf(Date);
    expect(own[0]).toMatchObject({
      title: "What is our hiring budget?",
      plan: null,
      task_id: null,
    });

    const all = (await listConversations(db.sql, ada.id)).map((c) => c.id);
    expect(all).toContain(elsewhere);
    expect(all).not.toContain(bobs);
  });

  it("searches the user's own messages and plan titles by word prefix, never someone else's", async () => {
    const mine = await session(ada.id, teamId, "Quarterly forecast for the Zanzibar office");
    await session(bob.id, teamId, "Zanzibar office lease");

    const found = await listConversations(db.sql, ada.id, { search: "zanzib" });
    expect(found.map((c) => c.id)).toEqual([mine]);
    expect(found[0]!.match).toContain("Zanzibar");
    expect(await listConversations(db.sql, ada.id, { search: "zanzibar lease" })).toEqual([]);
    expect(await listConversations(db.sql, ada.id, { search: "!!!" })).toEqual([]);
    // Found by the plan's title too.
    expect(
      (await listConversations(db.sql, ada.id, { search: "analytics launch plan" })).length,
    ).toBeGreaterThan(0);
  });
});

describe("getConversation", () => {
  it("lets the owner, an admin and a viewer read a session, and no other user", async () => {
    const id = await session(ada.id, teamId, "Private question");
    const asOwner = await getConversation(db.sql, id, { id: ada.id, role: "user" });
    expect(asOwner?.messages.map((m) => m.content)).toEqual(["Private question"]);
    expect(asOwner?.title).toBe("Private question");
    expect(await getConversation(db.sql, id, { id: bob.id, role: "admin" })).not.toBeNull();
    expect(await getConversation(db.sql, id, { id: bob.id, role: "viewer" })).not.toBeNull();
    expect(await getConversation(db.sql, id, { id: bob.id, role: "user" })).toBeNull();
    expect(await getConversation(db.sql, "not-a-uuid", { id: ada.id, role: "admin" })).toBeNull();
  });
});
