// Locking a subtask to dispatch it takes its task first, in the order cancelling a task takes
// them: taken the other way round, the two closed a cycle ("deadlock detected", seen in CI).
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { insertSession } from "@/lib/chat/queries";
import { confirmPlan } from "@/lib/delegation/confirm";
import { proposePlan } from "@/lib/delegation/service";
import { seedOrganisation } from "@/lib/teams/seed";
import { createUser } from "@/lib/users/service";
import { testDraft } from "@/test/fixtures/plan-draft";
import { createTestDatabase, teamIdOf, type TestDatabase } from "@/test/support/database";
import { selectSubtask } from "./subtasks";

let db: TestDatabase;
let user: { id: string; email: string };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  const created = await createUser(db.sql, {
    email: "locks@example.test",
    password: "locks-password-1",
    role: "user",
  });
  user = { id: created.id, email: "locks@example.test" };
});
afterAll(async () => {
  await db?.drop();
});

/** A confirmed plan's task and one of its subtasks, made the way the chat makes them. */
async function newSubtask(): Promise<{ taskId: string; subtaskId: string }> {
  const teamId = await teamIdOf(db.sql, "executive-team");
  const session = await insertSession(db.sql, teamId, user.id, {});
  const { plan } = await proposePlan(db.sql, {
    sessionId: session.id,
    teamId,
    userId: user.id,
    draft: testDraft(),
  });
  const { taskId } = await confirmPlan(db.sql, { planId: plan.id, version: 1, actor: user });
  const [subtask] = await db.sql<{ id: string }[]>`
    SELECT id::text FROM cc_subtasks WHERE task_id = ${taskId} ORDER BY position LIMIT 1`;
  return { taskId, subtaskId: subtask!.id };
}

describe("locking a subtask to dispatch it", () => {
  it("waits for a cancel that holds the task, instead of closing a cycle with it", async () => {
    const { taskId, subtaskId } = await newSubtask();
    const waitingOnLocks = async () =>
      (
        await db.sql<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`
      )[0]!.n;
    let dispatching: Promise<unknown> | undefined;
    // A cancel's order (lib/tasks/cancel.ts): the task, then its subtasks.
    await db.sql.begin(async (cancel) => {
      await cancel`SELECT id FROM cc_tasks WHERE id = ${taskId} FOR UPDATE`;
      dispatching = db.sql.begin((dispatch) => selectSubtask(dispatch, subtaskId, true));
      await vi.waitFor(async () => expect(await waitingOnLocks()).toBe(1), { timeout: 5_000 });
      // Taken the other way round, the dispatch holds this row now and one of the two fails.
      await cancel`UPDATE cc_subtasks SET status = 'cancelled' WHERE id = ${subtaskId}`;
    });
    await expect(dispatching).resolves.toMatchObject({ id: subtaskId, status: "cancelled" });
  });
});
