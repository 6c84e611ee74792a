// Built-in teams (with and without a language model), dependencies between subtasks, live
// notifications and cancelling a task.
import getPort from "get-port";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { subscribeChanges } from "@/lib/events/bus";
import { cancelTask } from "@/lib/tasks/cancel";
import type { Dispatcher } from "@/server/dispatch";
import type { ServerProcess } from "@/test/elf/support";
import type { TestDatabase } from "@/test/support/database";
import {
  actor,
  confirmTask,
  dispatchAuditOf,
  dispatcherFor,
  eventsOf,
  queueDrained,
  receivedBy,
  settle,
  setUpDatabase,
  startFakeTaskServer,
  subtasksOf,
  taskStatus,
  waitFor,
  queueTask,
} from "./support";

let db: TestDatabase;
let executiveId: string;
let fake: ServerProcess;
let downUrl: string;

beforeAll(async () => {
  ({ db, executiveId } = await setUpDatabase(inject("pgAdminUrl")));
  fake = await startFakeTaskServer();
  downUrl = `http://127.0.0.1:${await getPort()}`;
});
afterAll(async () => {
  await fake?.stop();
  await db?.drop();
});

describe("built-in team without a language model", () => {
  let dispatcher: Dispatcher;
  beforeAll(async () => {
    dispatcher = await dispatcherFor(db, {
      llm: null,
      teamServerUrls: { "sales-team": `${fake.url}/queued` },
    });
  });
  afterAll(() => dispatcher?.stop());

  it("accepts and queues the subtask, honestly labelled, and notifies every change", async () => {
    const taskId = await confirmTask(db, executiveId, [{ id: "m1", team: "marketing-team" }]);
    const notified: string[] = [];
    const unsubscribe = await subscribeChanges(
      db.sql,
      (event) => event.type === "task_updated" && notified.push(event.task_id),
    );
    try {
      await queueTask(db, dispatcher, taskId);
      const [subtask] = await settle(db, taskId);
      expect(subtask).toMatchObject({
        status: "dispatched",
        attempts: 1,
        result:
          "Accepted by marketing-team; queued for its built-in manager. No language model is configured, so no work is produced automatically.",
      });
      expect(await taskStatus(db, taskId)).toEqual({ status: "dispatched", finished: false });
      // One for the hand-over, one for the acceptance.
      await waitFor(
        async () => notified.filter((id) => id === taskId).length,
        (n) => n >= 2,
      );
      // The audit log has the dispatch and its outcome, against the team that got the subtask.
      expect(await dispatchAuditOf(db, taskId)).toEqual([
        expect.objectContaining({
          action: "subtask_dispatched",
          subtask: "m1",
          team: "marketing-team",
          performed_by: "dispatcher",
          details: expect.objectContaining({ attempt: 1, target: "builtin" }),
        }),
        expect.objectContaining({
          action: "subtask_accepted",
          subtask: "m1",
          team: "marketing-team",
          details: expect.objectContaining({ note: subtask!.result }),
        }),
      ]);
    } finally {
      await unsubscribe();
    }
  });

  it("cancels a task that has not finished, and refuses to cancel it again", async () => {
    const taskId = await confirmTask(db, executiveId, [
      { id: "x1", team: "sales-team" },
      { id: "x2", team: "sales-team", depends_on: ["x1"] },
    ]);
    await queueTask(db, dispatcher, taskId);
    // x1 is with its team (queued there), x2 waits for x1 to complete.
    await waitFor(
      () => subtasksOf(db, taskId),
      (s) => s[0]!.status === "dispatched" && s[0]!.result !== null,
    );
    expect(await taskStatus(db, taskId)).toEqual({ status: "in_progress", finished: false });

    expect(await cancelTask(db.sql, taskId, actor)).toEqual({
      status: "cancelled",
      cancelledSubtasks: 2,
    });
    expect((await subtasksOf(db, taskId)).map((s) => s.status)).toEqual(["cancelled", "cancelled"]);
    expect(await taskStatus(db, taskId)).toEqual({ status: "cancelled", finished: true });
    const cancelled = (await eventsOf(db, taskId)).filter((e) => e.kind === "cancelled");
    expect(cancelled.map((e) => e.subtask)).toEqual(["x1", "x2", null]);
    expect(cancelled[0]!.detail).toMatchObject({
      by: actor.email,
      previous: "dispatched",
      note: expect.stringMatching(/may still work on it/),
    });
    const [audit] =
      await db.sql`SELECT performed_by FROM team_audit_log WHERE action = 'task_cancelled' AND details->>'task_id' = ${taskId}`;
    expect(audit).toEqual({ performed_by: actor.email });

    await expect(cancelTask(db.sql, taskId, actor)).rejects.toMatchObject({
      code: "conflict",
      reason: "task_finished",
    });
    await expect(
      cancelTask(db.sql, "00000000-0000-4000-8000-00000000dead", actor),
    ).rejects.toMatchObject({ code: "not_found" });
    // The waiting job finds the task cancelled and does nothing.
    await waitFor(() => queueDrained(db, taskId), Boolean);
    expect((await subtasksOf(db, taskId)).map((s) => s.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("never dispatches a task cancelled before its jobs ran", async () => {
    const taskId = await confirmTask(db, executiveId, [{ id: "y1", team: "sales-team" }]);
    await cancelTask(db.sql, taskId, actor);
    await queueTask(db, dispatcher, taskId);
    await waitFor(() => queueDrained(db, taskId), Boolean);
    expect((await subtasksOf(db, taskId))[0]).toMatchObject({ status: "cancelled", attempts: 0 });
    const requests = (await receivedBy(fake.url)).filter(
      (r) => (r.body.context as { task_id: string }).task_id === taskId,
    );
    expect(requests).toHaveLength(0);
  });
});

describe("built-in team with a language model, and dependencies", () => {
  let dispatcher: Dispatcher;
  const prompts: string[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async ({ prompt }) => {
      const text = JSON.stringify(prompt);
      prompts.push(text);
      await new Promise((resolve) => setTimeout(resolve, 300)); // long enough for dependents to wait
      return {
        content: [
          { type: "text", text: `Report for: ${/Subtask: ([^\\]+)/.exec(text)?.[1] ?? "?"}` },
        ],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 5, text: 5, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
  beforeAll(async () => {
    dispatcher = await dispatcherFor(db, {
      llm: { model, label: "mock model" },
      teamServerUrls: { "engineering-team": downUrl },
    });
  });
  afterAll(() => dispatcher?.stop());

  it("has the model do the work, and dispatches a subtask only after the one it depends on completed", async () => {
    const taskId = await confirmTask(db, executiveId, [
      { id: "d2", team: "finance-team", title: "Budget the launch", depends_on: ["d1"] },
      { id: "d1", team: "marketing-team", title: "Research the market" },
    ]);
    await queueTask(db, dispatcher, taskId);
    const subtasks = await settle(db, taskId);
    expect(subtasks).toEqual([
      expect.objectContaining({
        plan_subtask_id: "d2",
        status: "completed",
        attempts: 1,
        result: "Report for: Budget the launch",
      }),
      expect.objectContaining({
        plan_subtask_id: "d1",
        status: "completed",
        attempts: 1,
        result: "Report for: Research the market",
      }),
    ]);
    expect(await taskStatus(db, taskId)).toEqual({ status: "completed", finished: true });
    const events = await eventsOf(db, taskId);
    const at = (kind: string, subtask: string) =>
      events.findIndex((e) => e.kind === kind && e.subtask === subtask);
    expect(at("waiting", "d2")).toBeGreaterThan(-1);
    expect(at("completed", "d1")).toBeGreaterThan(-1); // else -1 would be "before" anything
    expect(at("completed", "d1")).toBeLessThan(at("dispatched", "d2"));
    expect(events.filter((e) => e.kind === "dispatched")).toHaveLength(2);
    expect((await dispatchAuditOf(db, taskId)).map((a) => `${a.action} ${a.subtask}`)).toEqual([
      "subtask_dispatched d1",
      "subtask_completed d1",
      "subtask_dispatched d2",
      "subtask_completed d2",
    ]);
  });

  it("fails a subtask whose dependency failed, with that reason", async () => {
    const taskId = await confirmTask(db, executiveId, [
      { id: "f1", team: "engineering-team", title: "Build the page" },
      { id: "f2", team: "marketing-team", title: "Announce the page", depends_on: ["f1"] },
    ]);
    await queueTask(db, dispatcher, taskId);
    const [f1, f2] = await settle(db, taskId);
    expect(f1).toMatchObject({
      status: "failed",
      attempts: 3,
      error: `team server at ${downUrl} not reachable after 3 attempts: ECONNREFUSED`,
    });
    expect(f2).toMatchObject({
      status: "failed",
      attempts: 0,
      error: `It depends on "Build the page", which failed: ${f1!.error}`,
    });
    expect(await taskStatus(db, taskId)).toEqual({ status: "failed", finished: true });
    expect(prompts.some((p) => p.includes("Announce the page"))).toBe(false);
    // Every attempt and the final outcome, with its reason, are in the audit log.
    const audit = await dispatchAuditOf(db, taskId);
    expect(audit.filter((a) => a.subtask === "f1").map((a) => a.action)).toEqual([
      "subtask_dispatched",
      "subtask_attempt_failed",
      "subtask_dispatched",
      "subtask_attempt_failed",
      "subtask_dispatched",
      "subtask_failed",
    ]);
    expect(audit.at(-1)).toMatchObject({
      action: "subtask_failed",
      subtask: "f2",
      team: "marketing-team",
      details: { reason: f2!.error },
    });
    expect(audit.find((a) => a.subtask === "f1" && a.action === "subtask_failed")).toMatchObject({
      team: "engineering-team",
      details: { reason: f1!.error, attempt: 3 },
    });
  });
});
