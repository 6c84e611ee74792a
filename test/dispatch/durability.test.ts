// Exactly once across restarts and instances: a subtask's job is queued in the transaction that
// confirms it, so a process that dies right after the commit leaves nothing undispatched, and the
// next dispatcher (not a repair pass at start) dispatches it once — counted by the team server
// process that receives the requests.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import path from "node:path";
import { DISPATCH_QUEUE, type Dispatcher } from "@/server/dispatch";
import { startNodeProcess, TSX } from "@/test/support/node-process";
import type { ServerProcess } from "@/test/elf/support";
import type { TestDatabase } from "@/test/support/database";
import {
  allSettled,
  confirmTask,
  dispatcherFor,
  eventsOf,
  queueTask,
  receivedBy,
  settle,
  setUpDatabase,
  startFakeTaskServer,
  subtasksOf,
  waitFor,
} from "./support";

let db: TestDatabase;
let executiveId: string;
let fake: ServerProcess;
const running: Dispatcher[] = [];

beforeAll(async () => {
  ({ db, executiveId } = await setUpDatabase(inject("pgAdminUrl")));
  fake = await startFakeTaskServer();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});
afterAll(async () => {
  await fake?.stop();
  await db?.drop();
});

async function start(): Promise<Dispatcher> {
  const teamServerUrls = {
    "product-team": `${fake.url}/completed`,
    "sales-team": `${fake.url}/completed`,
    "qa-team": `${fake.url}/slow`,
    "finance-team": `${fake.url}/very-slow`,
  };
  const dispatcher = await dispatcherFor(db, { teamServerUrls });
  running.push(dispatcher);
  return dispatcher;
}

const SUBTASKS = [
  { id: "a", team: "product-team" },
  { id: "b", team: "sales-team" },
  { id: "c", team: "product-team", depends_on: ["a"] },
];

/** Requests the team server received for this task, by plan subtask id. */
async function requestsFor(taskId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { body } of await receivedBy(fake.url)) {
    const context = body.context as { task_id: string; subtask: { id: string } };
    if (context.task_id === taskId)
      counts[context.subtask.id] = (counts[context.subtask.id] ?? 0) + 1;
  }
  return counts;
}

async function dispatchedEvents(taskId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const event of await eventsOf(db, taskId))
    if (event.kind === "dispatched" && event.subtask)
      counts[event.subtask] = (counts[event.subtask] ?? 0) + 1;
  return counts;
}

async function expectDispatchedOnce(taskId: string) {
  const subtasks = await settle(db, taskId);
  expect(subtasks.map((s) => [s.plan_subtask_id, s.status, s.attempts])).toEqual([
    ["a", "completed", 1],
    ["b", "completed", 1],
    ["c", "completed", 1],
  ]);
  expect(await requestsFor(taskId)).toEqual({ a: 1, b: 1, c: 1 });
  expect(await dispatchedEvents(taskId)).toEqual({ a: 1, b: 1, c: 1 });
}

/** pg-boss jobs queued for these subtasks, in any state. */
async function jobsFor(subtaskIds: string[]): Promise<number> {
  const [row] = await db.sql<{ count: number }[]>`
    SELECT count(*)::int AS count FROM pgboss.job
    WHERE name = ${DISPATCH_QUEUE} AND singleton_key = ANY(${subtaskIds})`;
  return row!.count;
}

describe("durable dispatch", () => {
  it("queues a subtask's job exactly when the confirmation commits", async () => {
    const dispatcher = await start();
    // The confirmation fails after its jobs were queued on its transaction: nothing is left.
    const rolledBack: string[] = [];
    await expect(
      confirmTask(db, executiveId, SUBTASKS, {
        async queueSubtasks(tx, subtaskIds) {
          rolledBack.push(...subtaskIds);
          await dispatcher.queueSubtasks(tx, subtaskIds);
          expect(await jobsFor(subtaskIds)).toBe(0); // not visible outside the transaction
          throw new Error("the confirmation failed after queueing");
        },
      }),
    ).rejects.toThrow("the confirmation failed after queueing");
    expect(rolledBack).toHaveLength(SUBTASKS.length);
    expect(await jobsFor(rolledBack)).toBe(0);
    const [left] = await db.sql<{ count: number }[]>`
      SELECT count(*)::int AS count FROM cc_subtasks WHERE id::text = ANY(${rolledBack})`;
    expect(left!.count).toBe(0);

    // Committed: every subtask has its job, and it is dispatched with no further call.
    const taskId = await confirmTask(db, executiveId, SUBTASKS, dispatcher);
    const subtaskIds = (
      await db.sql<{ id: string }[]>`SELECT id::text FROM cc_subtasks WHERE task_id = ${taskId}`
    ).map((s) => s.id);
    expect(await jobsFor(subtaskIds)).toBeGreaterThanOrEqual(SUBTASKS.length);
    await expectDispatchedOnce(taskId);
  });

  it("loses no job when the process dies right after the confirmation commits", async () => {
    // An instance that queues but runs no jobs (as one whose workers never got to them), and
    // "dies" the moment the commit returns: nothing after it runs, not even the wake-up.
    const dying = await dispatcherFor(db, { concurrency: 0 });
    running.push(dying);
    const died = new Error("the process died right after the commit");
    await expect(
      confirmTask(db, executiveId, SUBTASKS, {
        queueSubtasks: (tx, subtaskIds) => dying.queueSubtasks(tx, subtaskIds),
        wake() {
          throw died;
        },
      }),
    ).rejects.toBe(died);
    await dying.stop();
    const [task] = await db.sql<{ id: string }[]>`
      SELECT id::text FROM cc_tasks ORDER BY created_at DESC LIMIT 1`;
    const taskId = task!.id;
    expect((await subtasksOf(db, taskId)).map((s) => s.status)).toEqual([
      "pending",
      "pending",
      "pending",
    ]);
    expect(await requestsFor(taskId)).toEqual({});

    await start(); // nothing to repair: the jobs committed with the confirmation
    await expectDispatchedOnce(taskId);
  });

  it("dispatches once when stopped right after queueing, and restarted", async () => {
    const first = await start();
    const taskId = await confirmTask(db, executiveId, SUBTASKS, first);
    await first.stop();
    await start();
    await expectDispatchedOnce(taskId);
  });

  it("dispatches once with two dispatchers queueing the same task", async () => {
    const [one, two] = await Promise.all([start(), start()]);
    const taskId = await confirmTask(db, executiveId, SUBTASKS);
    await Promise.all([
      queueTask(db, one, taskId),
      queueTask(db, two, taskId),
      queueTask(db, one, taskId),
    ]);
    await expectDispatchedOnce(taskId);
  });

  it("never runs a subtask twice at once, even when it is queued again while in flight", async () => {
    const [one, two] = await Promise.all([start(), start()]);
    const taskId = await confirmTask(db, executiveId, [{ id: "s", team: "qa-team" }], one);
    await waitFor(
      () => subtasksOf(db, taskId),
      (s) => s[0]!.status === "dispatched",
    );
    // In flight and not yet answered, it looks like work a dead job left behind: queue it again.
    await queueTask(db, two, taskId);
    await queueTask(db, one, taskId);
    const [subtask] = await settle(db, taskId);
    expect(subtask).toMatchObject({ status: "completed", attempts: 1 });
    expect(await requestsFor(taskId)).toEqual({ s: 1 });
  });

  it("puts work in flight at a stop back, and the next dispatcher sends it again", async () => {
    const first = await start();
    const taskId = await confirmTask(db, executiveId, [{ id: "v", team: "finance-team" }], first);
    await waitFor(
      () => subtasksOf(db, taskId),
      (s) => s[0]!.status === "dispatched",
    );
    await first.stop();
    expect((await subtasksOf(db, taskId))[0]).toMatchObject({ status: "pending", attempts: 1 });
    expect((await eventsOf(db, taskId)).map((e) => e.kind)).toContain("interrupted");

    await start();
    const [subtask] = await waitFor(
      () => subtasksOf(db, taskId),
      (s) => allSettled(s),
    );
    expect(subtask).toMatchObject({ status: "completed", attempts: 2 });
  }, 40_000);

  it("hands on work whose dispatcher was killed mid-attempt within seconds, not at pg-boss's expiry", async () => {
    // Queued here, run by a dispatcher in a process of its own, which is killed (SIGKILL) while
    // the team server works on the subtask: its job stays active, with nobody to end it.
    running.push(await dispatcherFor(db, { concurrency: 0, orphanAfterSeconds: 1 }));
    const queue = running[0]!;
    const dying = await startNodeProcess({
      args: [...TSX, path.join(import.meta.dirname, "fixtures/dispatcher-process.ts")],
      env: {
        DATABASE_URL: db.url,
        TEAM_SERVER_URLS: JSON.stringify({ "finance-team": `${fake.url}/very-slow` }),
      },
      listening: "dispatcher ready",
    });
    const taskId = await confirmTask(db, executiveId, [{ id: "v", team: "finance-team" }], queue);
    await waitFor(
      () => requestsFor(taskId),
      (requests) => requests.v === 1,
    );
    await dying.stop("SIGKILL");
    expect((await subtasksOf(db, taskId))[0]).toMatchObject({ status: "dispatched", attempts: 1 });

    // A live dispatcher finds the job without a worker, records the attempt as failed, and the
    // retry sends it once more.
    running.push(
      await dispatcherFor(db, {
        teamServerUrls: { "finance-team": `${fake.url}/completed` },
        orphanAfterSeconds: 1,
      }),
    );
    const [subtask] = await waitFor(
      () => subtasksOf(db, taskId),
      (s) => allSettled(s),
      15_000,
    );
    expect(subtask).toMatchObject({ status: "completed", attempts: 2 });
    expect(await requestsFor(taskId)).toEqual({ v: 2 });
    const failed = (await eventsOf(db, taskId)).filter((e) => e.kind === "attempt_failed");
    expect(failed.map((e) => e.detail)).toEqual([
      expect.objectContaining({ attempt: 1, will_retry: true }),
    ]);
    expect(String(failed[0]!.detail.error)).toContain("instance dispatching it stopped");
  }, 40_000);
});
