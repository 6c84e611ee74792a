// Viewers' transcripts carry the session's delegation plans, each at its latest version and status.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testDraft } from "@/test/fixtures/plan-draft";
import { createTestDatabase, teamIdOf, type TestDatabase } from "@/test/support/database";
import { confirmPlan } from "../delegation/confirm";
import { editPlan, proposePlan } from "../delegation/service";
import { seedOrganisation } from "../teams/seed";
import { listTeamTranscripts } from "./history";
import { insertSession } from "./queries";

let db: TestDatabase;
let teamId: string;
const actor = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.test" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  teamId = await teamIdOf(db.sql, "executive-team");
});
afterAll(() => db.drop());

async function sessionWithMessage(): Promise<string> {
  const session = await insertSession(db.sql, teamId, actor.id, {});
  await db.sql`INSERT INTO team_chat_messages (session_id, role, content) VALUES (${session.id}, 'user', 'Plan the launch')`;
  return session.id;
}

describe("listTeamTranscripts", () => {
  it("shows each session's plans at their latest version, with the task a confirmed one became", async () => {
    const confirmedIn = await sessionWithMessage();
    const { plan: first } = await proposePlan(db.sql, {
      sessionId: confirmedIn,
      teamId,
      userId: actor.id,
      draft: testDraft(),
    });
    await editPlan(db.sql, {
      planId: first.id,
      baseVersion: 1,
      draft: testDraft({ title: "Launch, revised" }),
      actor,
    });
    const { taskId } = await confirmPlan(db.sql, { planId: first.id, version: 2, actor });
    const openIn = await sessionWithMessage();
    const { plan: open } = await proposePlan(db.sql, {
      sessionId: openIn,
      teamId,
      userId: actor.id,
      draft: testDraft({ title: "Hire a designer" }),
    });
    const withoutPlan = await sessionWithMessage();

    const transcripts = new Map(
      (await listTeamTranscripts(db.sql, teamId)).map((t) => [t.id, t.plans]),
    );
    expect(transcripts.get(confirmedIn)).toEqual([
      expect.objectContaining({
        id: first.id,
        version: 2,
        title: "Launch, revised",
        status: "confirmed",
        task_id: taskId,
      }),
    ]);
    expect(transcripts.get(openIn)).toEqual([
      expect.objectContaining({ id: open.id, version: 1, status: "proposed", task_id: null }),
    ]);
    expect(transcripts.get(withoutPlan)).toEqual([]);
  });
});
