// From conversation to plan to task, over real sockets: the offline planner proposes a plan,
// people edit it, confirmation (from two tabs at once) makes exactly one task.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { confirmPlan } from "@/lib/delegation/confirm";
import { planDraftSchema, type DelegationPlan } from "@/lib/protocol";
import { createOfflineManager } from "@/server/managers/offline";
import {
  nextEvent,
  startChatHarness,
  type ChatClient,
  type ChatHarness,
} from "@/test/support/chat-harness";

let harness: ChatHarness;

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"), { builtin: createOfflineManager() });
});
afterAll(() => harness.close());

async function converseUntilPreview(client: ChatClient): Promise<DelegationPlan> {
  const preview = nextEvent(client, "delegation:preview");
  // Objective, deadline and a success criterion in one message: the planner is ready at once.
  const text =
    "Launch a marketing campaign for our analytics product by end of next month. Success means at least 500 sign-ups in the first week.";
  expect((await client.emitWithAck("chat:send", { text })).ok).toBe(true);
  return preview;
}

/** The editable part of a plan: the draft schema drops identity and bookkeeping. */
const draftOf = (plan: DelegationPlan) => planDraftSchema.parse(plan);

describe("delegation preview in the chat", () => {
  it("proposes a plan, versions an edit, and confirms once from two tabs", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    const plan = await converseUntilPreview(client);
    expect(plan).toMatchObject({
      version: 1,
      status: "proposed",
      team: "executive-team",
      source: "chat_interface",
    });
    expect(plan.subtasks.length).toBeGreaterThan(0);

    const second = await harness.connect(await harness.token(user, "executive-team"));
    expect(second.ready.preview).toMatchObject({ id: plan.id, version: 1 });

    const draft = draftOf(plan);
    draft.subtasks[0] = { ...draft.subtasks[0]!, team: "finance-team" };
    const seenByOtherTab = nextEvent(second.client, "delegation:preview", (p) => p.version === 2);
    const edited = await client.emitWithAck("delegation:update", {
      plan_id: plan.id,
      version: 1,
      draft,
    });
    expect(edited).toMatchObject({ ok: true, data: { version: 2 } });
    if (!edited.ok) return;
    expect((await seenByOtherTab).subtasks[0]!.team).toBe("finance-team");

    // A tab that missed the edit confirms what it shows: refused, and shown the current version.
    const currentShown = nextEvent(client, "delegation:preview", (p) => p.version === 2);
    const stale = await client.emitWithAck("delegation:confirm", { plan_id: plan.id, version: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: "stale_version" } });
    expect(await currentShown).toMatchObject({ version: 2, status: "proposed", task_id: null });

    const taskUpdate = nextEvent(client, "task:updated");
    const [a, b] = await Promise.all([
      client.emitWithAck("delegation:confirm", { plan_id: plan.id, version: 2 }),
      second.client.emitWithAck("delegation:confirm", { plan_id: plan.id, version: 2 }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.data.created, b.data.created].sort()).toEqual([false, true]);
    expect(a.data.task_id).toBe(b.data.task_id);
    expect(await taskUpdate).toMatchObject({
      task_id: a.data.task_id,
      plan_id: plan.id,
      subtasks: expect.arrayContaining([expect.objectContaining({ team: "finance-team" })]),
    });
    const tasks = await harness.db
      .sql`SELECT count(*)::int AS n FROM cc_tasks WHERE plan_id = ${plan.id}`;
    expect(tasks[0]!.n).toBe(1);
    // A reloaded tab's card knows the task, so it can link to it.
    const reloaded = await harness.connect(await harness.token(user, "executive-team"));
    expect(reloaded.ready.preview).toMatchObject({
      id: plan.id,
      status: "confirmed",
      task_id: a.data.task_id,
    });
    // And every version, each as it was when written, so the superseded one collapses to what
    // changed at the same turn as before the reload.
    const versions = reloaded.ready.preview_versions;
    expect(versions.map((v) => [v.version, v.subtasks[0]!.team])).toEqual([
      [1, plan.subtasks[0]!.team],
      [2, "finance-team"],
    ]);
    expect(versions.map((v) => v.updated_at)).toEqual([plan.updated_at, edited.data.updated_at]);
  });

  it("shows every tab a plan confirmed by an instance that died before it could say so", async () => {
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "executive-team"));
    const plan = await converseUntilPreview(client);
    const other = await harness.connect(await harness.token(user, "executive-team"));
    // Committed, and never broadcast: the instance that confirmed it was killed right after.
    const { taskId } = await confirmPlan(harness.db.sql, {
      planId: plan.id,
      version: 1,
      actor: { id: user.id, email: user.email },
    });

    // A tab that still shows the plan as proposed confirms it: told of the task, as is every tab.
    const shown = nextEvent(other.client, "delegation:preview", (p) => p.status === "confirmed");
    const ack = await client.emitWithAck("delegation:confirm", { plan_id: plan.id, version: 1 });
    expect(ack).toMatchObject({ ok: true, data: { task_id: taskId, created: false } });
    expect(await shown).toMatchObject({ id: plan.id, status: "confirmed", task_id: taskId });
  });

  it("refuses plans of another session and malformed edits", async () => {
    const owner = await harness.createUser("user");
    const other = await harness.createUser("user");
    const mine = await harness.connect(await harness.token(owner, "executive-team"));
    const plan = await converseUntilPreview(mine.client);
    const theirs = await harness.connect(await harness.token(other, "executive-team"));
    expect(
      await theirs.client.emitWithAck("delegation:confirm", { plan_id: plan.id, version: 1 }),
    ).toMatchObject({ ok: false, error: { code: "plan_not_found" } });
    const bad = { ...draftOf(plan), subtasks: [] };
    expect(
      await mine.client.emitWithAck("delegation:update", {
        plan_id: plan.id,
        version: 1,
        draft: bad,
      }),
    ).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(await mine.client.emitWithAck("delegation:cancel", { plan_id: plan.id })).toMatchObject({
      ok: true,
      data: { status: "cancelled" },
    });
  });

  it("offers no preview when the team's chat_config turns it off", async () => {
    await harness.db
      .sql`UPDATE teams SET chat_config = chat_config || '{"enable_delegation_preview": false}'::jsonb WHERE name = 'finance-team'`;
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "finance-team"));
    const previews: unknown[] = [];
    client.on("delegation:preview", (p) => previews.push(p));
    for (const text of ["Prepare the Q3 budget forecast by next Friday", "Approved by the CFO"]) {
      const reply = nextEvent(client, "chat:message", (m) => m.role === "assistant");
      await client.emitWithAck("chat:send", { text });
      await reply;
    }
    expect(previews).toEqual([]);
    const plans = await harness.db
      .sql`SELECT count(*)::int AS n FROM cc_delegation_plans p JOIN team_chat_sessions s ON s.id = p.session_id WHERE s.user_id = ${user.id}`;
    expect(plans[0]!.n).toBe(0);
  });

  it("confirms directly, recorded the same way, when the team does not require confirmation", async () => {
    await harness.db
      .sql`UPDATE teams SET chat_config = chat_config || '{"require_user_confirmation": false}'::jsonb WHERE name = 'marketing-team'`;
    const user = await harness.createUser("user");
    const { client } = await harness.connect(await harness.token(user, "marketing-team"));
    const confirmed = nextEvent(client, "delegation:preview", (p) => p.status === "confirmed");
    const proposed = await converseUntilPreview(client);
    const plan = await confirmed;
    expect(plan).toMatchObject({ id: proposed.id, version: 1 });
    const audit = await harness.db
      .sql`SELECT action FROM team_audit_log WHERE details->>'plan_id' = ${plan.id} ORDER BY created_at, id`;
    expect(audit.map((r) => r.action)).toEqual(["delegation_previewed", "delegation_confirmed"]);
  });
});
