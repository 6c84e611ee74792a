// The decisions view's data: open plans of the user's open sessions, across teams; never another
// user's, a confirmed or cancelled one, or one left in an ended session.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testDraft } from "@/test/fixtures/plan-draft";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { insertSession, markSessionEnded } from "../chat/queries";
import { seedOrganisation } from "../teams/seed";
import { confirmPlan } from "./confirm";
import { listAwaitingDecisions, listTeamsAwaitingUser } from "./decisions";
import { cancelPlan, proposePlan } from "./service";

let db: TestDatabase;
const teams = new Map<string, string>();
const ada = { id: "00000000-0000-4000-8000-000000000011", email: "ada@example.test" };
const bob = { id: "00000000-0000-4000-8000-000000000012", email: "bob@example.test" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  for (const { name, id } of await db.sql<{ name: string; id: string }[]>`
    SELECT name, id::text FROM teams`)
    teams.set(name, id);
});
afterAll(() => db.drop());

async function planIn(team: string, user: string, title: string) {
  const teamId = teams.get(team)!;
  const session = await insertSession(db.sql, teamId, user, {});
  const { plan } = await proposePlan(db.sql, {
    sessionId: session.id,
    teamId,
    userId: user,
    draft: testDraft({ title }),
  });
  return { sessionId: session.id, plan };
}

describe("listAwaitingDecisions", () => {
  it("lists the user's open plans in open sessions across teams, and marks their teams", async () => {
    const first = await planIn("executive-team", ada.id, "Open in executive");
    const second = await planIn("engineering-team", ada.id, "Open in engineering");
    await planIn("executive-team", bob.id, "Bob's plan");
    const confirmed = await planIn("marketing-team", ada.id, "Confirmed one");
    await confirmPlan(db.sql, { planId: confirmed.plan.id, version: 1, actor: ada });
    const cancelled = await planIn("marketing-team", ada.id, "Cancelled one");
    await cancelPlan(db.sql, { planId: cancelled.plan.id, actor: ada });
    const abandoned = await planIn("marketing-team", ada.id, "Left in an ended session");
    await markSessionEnded(db.sql, abandoned.sessionId, "user_ended");

    const decisions = await listAwaitingDecisions(db.sql, ada.id);
    expect(decisions.map((d) => d.plan.title)).toEqual([
      "Open in engineering",
      "Open in executive",
    ]);
    expect(decisions[1]).toMatchObject({
      plan_id: first.plan.id,
      version: 1,
      session_id: first.sessionId,
      team: { name: "executive-team" },
    });
    expect(decisions[0]!.plan_id).toBe(second.plan.id);
    expect(await listTeamsAwaitingUser(db.sql, ada.id)).toEqual(
      new Set(["executive-team", "engineering-team"]),
    );
    expect((await listAwaitingDecisions(db.sql, bob.id)).map((d) => d.plan.title)).toEqual([
      "Bob's plan",
    ]);
  });
});
