// Cancelling a task from its page, through the real server action: admins and users may, viewers
// are refused by the action itself (not only by the hidden button).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { insertSession } from "@/lib/chat/queries";
import { confirmPlan } from "@/lib/delegation/confirm";
import { proposePlan } from "@/lib/delegation/service";
import { createUser } from "@/lib/users/service";
import { testDraft } from "@/test/fixtures/plan-draft";
import { startAppProcess, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { callServerAction } from "@/test/support/server-action";
import { signedIn } from "./support";

const USERS = {
  user: { email: "user@example.test", password: "user-password-1", role: "user" as const },
  viewer: { email: "viewer@example.test", password: "viewer-password-1", role: "viewer" as const },
};
const CANCEL = { file: "app/tasks/[id]/actions.ts", name: "cancelTaskAction" };

let db: TestDatabase;
let app: AppProcess;
let userId: string;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url);
  userId = (await createUser(db.sql, USERS.user)).id;
  await createUser(db.sql, USERS.viewer);
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

/** A confirmed plan's task, made the way the chat makes it. */
async function newTask(): Promise<string> {
  const [team] = await db.sql<
    { id: string }[]
  >`SELECT id::text FROM teams WHERE name = 'executive-team'`;
  const session = await insertSession(db.sql, team!.id, userId, {});
  const { plan } = await proposePlan(db.sql, {
    sessionId: session.id,
    teamId: team!.id,
    userId,
    draft: testDraft(),
  });
  return (
    await confirmPlan(db.sql, {
      planId: plan.id,
      version: 1,
      actor: { id: userId, email: USERS.user.email },
    })
  ).taskId;
}

const taskStatus = async (taskId: string) =>
  (await db.sql`SELECT status FROM cc_tasks WHERE id = ${taskId}`)[0]!.status as string;

describe("cancelling a task from its page", () => {
  it("refuses a viewer with a 403 code and leaves the task as it was", async () => {
    const taskId = await newTask();
    const viewer = await signedIn(app.url, USERS.viewer);
    const page = await (await viewer.fetch(`/tasks/${taskId}`)).text();
    expect(page).toContain("Launch the analytics product");
    expect(page).not.toContain("Cancel task");

    const { result } = await callServerAction(viewer, `/tasks/${taskId}`, CANCEL, [
      { task_id: taskId },
    ]);
    expect(result).toMatchObject({
      ok: false,
      error: { code: "role_not_allowed", message: expect.stringMatching(/viewer/) },
    });
    expect(await taskStatus(taskId)).toBe("pending");
  });

  it("lets a user cancel, audited under their name, and refuses a second cancel with the reason", async () => {
    const taskId = await newTask();
    const user = await signedIn(app.url, USERS.user);
    expect(await (await user.fetch(`/tasks/${taskId}`)).text()).toContain("Cancel task");

    const first = await callServerAction(user, `/tasks/${taskId}`, CANCEL, [{ task_id: taskId }]);
    expect(first.result).toEqual({ ok: true, data: { status: "cancelled", cancelledSubtasks: 2 } });
    expect(await taskStatus(taskId)).toBe("cancelled");
    const [audit] =
      await db.sql`SELECT performed_by FROM team_audit_log WHERE action = 'task_cancelled' AND details->>'task_id' = ${taskId}`;
    expect(audit).toEqual({ performed_by: USERS.user.email });
    // A finished task offers no button, and the action says why it refuses.
    expect(await (await user.fetch(`/tasks/${taskId}`)).text()).not.toContain("Cancel task");
    const again = await callServerAction(user, `/tasks/${taskId}`, CANCEL, [{ task_id: taskId }]);
    expect(again.result).toMatchObject({
      ok: false,
      error: { code: "task_finished", message: expect.stringMatching(/already finished/) },
    });
  });

  it("refuses input that is not a task id, and a signed-out caller", async () => {
    const taskId = await newTask();
    const user = await signedIn(app.url, USERS.user);
    const bad = await callServerAction(user, `/tasks/${taskId}`, CANCEL, [
      { task_id: "not-a-uuid" },
    ]);
    expect(bad.result).toMatchObject({ ok: false, error: { code: "bad_request" } });
    const anonymous = await callServerAction(new HttpSession(app.url), `/tasks/${taskId}`, CANCEL, [
      { task_id: taskId },
    ]);
    expect(anonymous.result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await taskStatus(taskId)).toBe("pending");
  });
});
