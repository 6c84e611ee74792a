import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testDraft } from "@/test/fixtures/plan-draft";
import { createTestDatabase, teamIdOf, type TestDatabase } from "@/test/support/database";
import { insertSession } from "../chat/queries";
import { createDb } from "../db/client";
import { publishChange, subscribeChanges, type ChangeEvent } from "../events/bus";
import { seedOrganisation } from "../teams/seed";
import { selectPlan } from "./queries";
import { confirmPlan } from "./confirm";
import { cancelPlan, editPlan, getPlan, proposePlan } from "./service";

let db: TestDatabase;
let executiveId: string;
const actor = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.test" };

const draft = testDraft;

async function newSession(): Promise<string> {
  return (await insertSession(db.sql, executiveId, actor.id, {})).id;
}

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  executiveId = await teamIdOf(db.sql, "executive-team");
});
afterAll(() => db.drop());

const audit = (planId: string) =>
  db.sql<{ action: string; performed_by: string }[]>`
    SELECT action, performed_by FROM team_audit_log WHERE details->>'plan_id' = ${planId} ORDER BY created_at, id`;

describe("delegation plans", () => {
  it("creates version 1, ignores an unchanged repeat, and versions a revision", async () => {
    const sessionId = await newSession();
    const first = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    expect(first).toMatchObject({
      changed: true,
      plan: {
        version: 1,
        status: "proposed",
        team: "executive-team",
        source: "chat_interface",
        session_id: sessionId,
      },
    });
    const repeat = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    expect(repeat).toMatchObject({ changed: false, plan: { id: first.plan.id, version: 1 } });
    const revised = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft({ priority: "urgent" }),
    });
    expect(revised.plan).toMatchObject({ id: first.plan.id, version: 2, priority: "urgent" });
    expect((await getPlan(db.sql, first.plan.id, 1))?.priority).toBe("high");
    expect((await audit(first.plan.id)).map((a) => a.action)).toEqual([
      "delegation_previewed",
      "delegation_revised",
    ]);
  });

  it("follows a team server's plan to the ELF session that holds it now, without a new version", async () => {
    const sessionId = await newSession();
    const at = (session_id: string) => ({
      kind: "elf" as const,
      url: "http://team-server:8000",
      session_id,
    });
    const { plan } = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
      origin: at("elf-1"),
    });
    const repeat = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
      origin: at("elf-2"),
    });
    expect(repeat).toMatchObject({ changed: false, plan: { id: plan.id, version: 1 } });
    expect((await selectPlan(db.sql, plan.id))?.origin).toEqual(at("elf-2"));
  });

  it("records every edit as a new version and refuses edits against a stale version", async () => {
    const sessionId = await newSession();
    const { plan } = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    const reassigned = draft({
      subtasks: draft().subtasks.map((s) => (s.id === "s2" ? { ...s, team: "frontend-team" } : s)),
    });
    const edited = await editPlan(db.sql, {
      planId: plan.id,
      baseVersion: 1,
      draft: reassigned,
      actor,
    });
    expect(edited.version).toBe(2);
    expect(edited.subtasks[1]!.team).toBe("frontend-team");
    await expect(
      editPlan(db.sql, { planId: plan.id, baseVersion: 1, draft: draft(), actor }),
    ).rejects.toMatchObject({ reason: "stale_version" });
    const log = await audit(plan.id);
    expect(log.at(-1)).toEqual({ action: "delegation_edited", performed_by: actor.email });
  });

  it("only assigns subtasks to teams that exist and are active", async () => {
    const sessionId = await newSession();
    const { plan } = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    await db.sql`UPDATE teams SET status = 'inactive' WHERE name = 'mobile-team'`;
    for (const team of ["no-such-team", "mobile-team"]) {
      const bad = draft({ subtasks: [{ ...draft().subtasks[0]!, team }] });
      await expect(
        editPlan(db.sql, { planId: plan.id, baseVersion: 1, draft: bad, actor }),
      ).rejects.toMatchObject({ reason: "unknown_team" });
    }
  });

  it("rejects a malformed plan instead of storing it half-valid", async () => {
    const sessionId = await newSession();
    await expect(
      proposePlan(db.sql, {
        sessionId,
        teamId: executiveId,
        userId: actor.id,
        draft: draft({ subtasks: [] }),
      }),
    ).rejects.toThrow(/at least one subtask/);
    const dangling = draft({ subtasks: [{ ...draft().subtasks[0]!, depends_on: ["s9"] }] });
    await expect(
      proposePlan(db.sql, { sessionId, teamId: executiveId, userId: actor.id, draft: dangling }),
    ).rejects.toThrow(/not another subtask/);
  });

  it("writes proposals racing from separate connections one after another: one plan, no version lost or repeated", async () => {
    const sessionId = await newSession();
    const pools = Array.from({ length: 6 }, () => createDb(db.url, { max: 1 }));
    try {
      // Two rounds: the first races to create the plan, the second to revise it.
      for (const round of [0, 1])
        await Promise.all(
          pools.map((pool, i) =>
            proposePlan(pool, {
              sessionId,
              teamId: executiveId,
              userId: actor.id,
              draft: draft({ title: `Round ${round}, proposal ${i}` }),
            }),
          ),
        );
      const plans = await db.sql<{ id: string; current_version: number }[]>`
        SELECT id::text, current_version FROM cc_delegation_plans WHERE session_id = ${sessionId}`;
      expect(plans).toHaveLength(1);
      expect(plans[0]!.current_version).toBe(12);
      const versions = await db.sql<{ version: number }[]>`
        SELECT version FROM cc_delegation_plan_versions WHERE plan_id = ${plans[0]!.id} ORDER BY version`;
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect((await audit(plans[0]!.id)).map((a) => a.action)).toEqual([
        "delegation_previewed",
        ...Array(11).fill("delegation_revised"),
      ]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("confirms exactly once under concurrent confirms from separate connections", async () => {
    const sessionId = await newSession();
    const { plan } = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    const pools = Array.from({ length: 4 }, () => createDb(db.url, { max: 1 }));
    try {
      const results = await Promise.all(
        pools.map((pool) => confirmPlan(pool, { planId: plan.id, version: 1, actor })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.taskId)).size).toBe(1);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const [task] =
      await db.sql`SELECT status, plan_version FROM cc_tasks WHERE plan_id = ${plan.id}`;
    expect(task).toEqual({ status: "pending", plan_version: 1 });
    const subtasks =
      await db.sql`SELECT s.team_name, s.status, s.depends_on FROM cc_subtasks s JOIN cc_tasks t ON t.id = s.task_id WHERE t.plan_id = ${plan.id} ORDER BY position`;
    expect(subtasks).toEqual([
      { team_name: "marketing-team", status: "pending", depends_on: [] },
      { team_name: "engineering-team", status: "pending", depends_on: ["s1"] },
    ]);
    const delegations = await db.sql`
      SELECT d.to_team_id::text, d.task_specification->'subtask'->>'id' AS subtask, t.name AS team
      FROM team_chat_delegations d LEFT JOIN teams t ON t.id = d.to_team_id WHERE d.session_id = ${sessionId} ORDER BY subtask`;
    expect(delegations.map((d) => [d.subtask, d.team])).toEqual([
      ["s1", "marketing-team"],
      ["s2", "engineering-team"],
    ]);
    // The timeline opens with each subtask's creation, in plan order, then the task's.
    const timeline = await db.sql`
      SELECT e.kind, s.plan_subtask_id FROM cc_task_events e JOIN cc_tasks t ON t.id = e.task_id
      LEFT JOIN cc_subtasks s ON s.id = e.subtask_id WHERE t.plan_id = ${plan.id} ORDER BY e.id`;
    expect(timeline.map((e) => [e.kind, e.plan_subtask_id])).toEqual([
      ["created", "s1"],
      ["created", "s2"],
      ["created", null],
    ]);
    const [session] =
      await db.sql`SELECT delegated, delegation_task_id FROM team_chat_sessions WHERE id = ${sessionId}`;
    expect(session).toEqual({
      delegated: true,
      delegation_task_id: (
        await db.sql`SELECT id::text FROM cc_tasks WHERE plan_id = ${plan.id}`
      )[0]!.id,
    });
    expect((await audit(plan.id)).filter((a) => a.action === "delegation_confirmed")).toHaveLength(
      1,
    );
  });

  it("refuses to confirm a stale version and tells which version is current", async () => {
    const sessionId = await newSession();
    const { plan } = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    await editPlan(db.sql, {
      planId: plan.id,
      baseVersion: 1,
      draft: draft({ title: "Launch, revised" }),
      actor,
    });
    await expect(confirmPlan(db.sql, { planId: plan.id, version: 1, actor })).rejects.toMatchObject(
      { reason: "stale_version", message: expect.stringMatching(/version 2/) },
    );
    expect((await confirmPlan(db.sql, { planId: plan.id, version: 2, actor })).created).toBe(true);
    const [task] =
      await db.sql`SELECT title, plan_version FROM cc_tasks WHERE plan_id = ${plan.id}`;
    expect(task).toEqual({ title: "Launch, revised", plan_version: 2 });
  });

  it("cancels an open plan once and then refuses to confirm it", async () => {
    const sessionId = await newSession();
    const { plan } = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    expect((await cancelPlan(db.sql, { planId: plan.id, actor })).status).toBe("cancelled");
    expect((await cancelPlan(db.sql, { planId: plan.id, actor })).status).toBe("cancelled");
    await expect(confirmPlan(db.sql, { planId: plan.id, version: 1, actor })).rejects.toMatchObject(
      { reason: "plan_cancelled" },
    );
    expect((await audit(plan.id)).filter((a) => a.action === "delegation_cancelled")).toHaveLength(
      1,
    );
    // A new proposal in the same session starts a new plan.
    const next = await proposePlan(db.sql, {
      sessionId,
      teamId: executiveId,
      userId: actor.id,
      draft: draft(),
    });
    expect(next.plan.id).not.toBe(plan.id);
  });

  it("announces each change of a session's plans on the change bus, and nothing for a repeat", async () => {
    const events: ChangeEvent[] = [];
    const stop = await subscribeChanges(db.sql, (event) => events.push(event));
    try {
      const sessionId = await newSession();
      const propose = () =>
        proposePlan(db.sql, {
          sessionId,
          teamId: executiveId,
          userId: actor.id,
          draft: draft({ priority: "urgent" }),
        });
      const { plan } = await propose();
      await propose();
      await editPlan(db.sql, { planId: plan.id, baseVersion: 1, draft: draft(), actor });
      await editPlan(db.sql, { planId: plan.id, baseVersion: 2, draft: draft(), actor });
      await confirmPlan(db.sql, { planId: plan.id, version: 2, actor });
      await confirmPlan(db.sql, { planId: plan.id, version: 2, actor });
      const { plan: second } = await propose();
      await cancelPlan(db.sql, { planId: second.id, actor });
      await cancelPlan(db.sql, { planId: second.id, actor });
      // Notifications arrive in commit order: once this one is here, every earlier one is.
      await publishChange(db.sql, { type: "team_changed", team: "end-of-test" });
      await expect
        .poll(() => events.some((e) => e.type === "team_changed" && e.team === "end-of-test"))
        .toBe(true);
      const announced = { type: "plan_changed", team: "executive-team", session_id: sessionId };
      // proposed, edited, confirmed; proposed again, cancelled
      expect(events.filter((e) => e.type === "plan_changed")).toEqual(Array(5).fill(announced));
    } finally {
      await stop();
    }
  });
});
