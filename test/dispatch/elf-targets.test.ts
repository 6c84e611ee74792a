// Subtasks for teams served by ELF team servers, each a separate process: the real standalone
// team server (offline manager: it queues, honestly), one that is down, and one that misbehaves.
import getPort from "get-port";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Dispatcher } from "@/server/dispatch";
import { startTeamServer, type ServerProcess } from "@/test/elf/support";
import type { TestDatabase } from "@/test/support/database";
import {
  confirmTask,
  dispatcherFor,
  eventsOf,
  receivedBy,
  settle,
  setUpDatabase,
  startFakeTaskServer,
  taskStatus,
  queueTask,
} from "./support";

let db: TestDatabase;
let executiveId: string;
let teamServer: ServerProcess;
let fake: ServerProcess;
let downUrl: string;
let dispatcher: Dispatcher;

beforeAll(async () => {
  ({ db, executiveId } = await setUpDatabase(inject("pgAdminUrl")));
  // The offline manager answers, never a real model.
  [teamServer, fake] = await Promise.all([
    startTeamServer({ team: "marketing-team" }),
    startFakeTaskServer(),
  ]);
  downUrl = `http://127.0.0.1:${await getPort()}`; // nothing listens there
  // One team reached through cc_team_managers rather than TEAM_SERVER_URLS.
  await db.sql`
    INSERT INTO cc_team_managers (team_id, kind, url)
    SELECT id, 'elf', ${`${fake.url}/queued`} FROM teams WHERE name = 'operations-team'`;
  dispatcher = await dispatcherFor(db, {
    teamServerUrls: {
      "marketing-team": teamServer.url,
      "engineering-team": downUrl,
      "finance-team": `${fake.url}/garbage`,
      "sales-team": `${fake.url}/wrong-shape`,
      "qa-team": `${fake.url}/fail500`,
      "product-team": `${fake.url}/completed`,
    },
  });
});
afterAll(async () => {
  await dispatcher?.stop();
  await Promise.all([teamServer?.stop(), fake?.stop()]);
  await db?.drop();
});

async function dispatchAndSettle(subtasks: Parameters<typeof confirmTask>[2]) {
  const taskId = await confirmTask(db, executiveId, subtasks);
  await queueTask(db, dispatcher, taskId);
  return { taskId, subtasks: await settle(db, taskId) };
}

describe("dispatch to ELF team servers", () => {
  it("hands a subtask to the real team server, which accepts and queues it: dispatched, not completed", async () => {
    const { taskId, subtasks } = await dispatchAndSettle([{ id: "s1", team: "marketing-team" }]);
    expect(subtasks).toEqual([
      expect.objectContaining({
        status: "dispatched",
        attempts: 1,
        error: null,
        result: expect.stringMatching(
          /^Accepted and queued for Marketing \(queue id .*\)\..*no result yet\.$/,
        ),
      }),
    ]);
    expect(await taskStatus(db, taskId)).toEqual({ status: "dispatched", finished: false });
    expect(
      (await eventsOf(db, taskId)).filter((e) => e.subtask === "s1").map((e) => e.kind),
    ).toEqual(["created", "dispatched", "accepted"]);
  });

  it("sends ELF's request shape and stores a completed result", async () => {
    const { taskId, subtasks } = await dispatchAndSettle([
      {
        id: "p1",
        team: "product-team",
        instructions: "Write the launch brief",
        estimated_hours: 0.005,
      },
    ]);
    expect(subtasks[0]).toMatchObject({
      status: "completed",
      result: "Done: Write the launch brief",
      error: null,
    });
    expect(await taskStatus(db, taskId)).toEqual({ status: "completed", finished: true });
    const request = (await receivedBy(fake.url)).find(
      (r) => (r.body.context as { task_id?: string }).task_id === taskId,
    );
    expect(request?.path).toBe("/completed/task");
    expect(request?.body).toMatchObject({
      from_agent: "executive-team manager",
      to_agent: "product-team manager",
      task_type: "delegated_from_chat",
      task_description: "Write the launch brief",
      timeout: 18, // 0.005 hours
      context: {
        task_id: taskId,
        plan_version: 1,
        plan: { title: "Launch the analytics product" },
        subtask: { id: "p1", team: "product-team" },
      },
    });
  });

  it("finds a team server recorded in cc_team_managers", async () => {
    const { subtasks } = await dispatchAndSettle([{ id: "o1", team: "operations-team" }]);
    expect(subtasks[0]).toMatchObject({
      status: "dispatched",
      result: "Queued at the fake team server.",
    });
  });

  it("retries a team server that is down, then fails the subtask with the reason", async () => {
    const { taskId, subtasks } = await dispatchAndSettle([{ id: "e1", team: "engineering-team" }]);
    expect(subtasks[0]).toMatchObject({ status: "failed", attempts: 3, result: null });
    expect(subtasks[0]!.error).toBe(
      `team server at ${downUrl} not reachable after 3 attempts: ECONNREFUSED`,
    );
    expect(await taskStatus(db, taskId)).toEqual({ status: "failed", finished: true });
    const kinds = (await eventsOf(db, taskId)).filter((e) => e.subtask === "e1").map((e) => e.kind);
    expect(kinds).toEqual([
      "created",
      "dispatched",
      "attempt_failed",
      "dispatched",
      "attempt_failed",
      "dispatched",
      "attempt_failed",
      "failed",
    ]);
  });

  it("retries HTTP 5xx answers with ELF's detail in the reason", async () => {
    const { subtasks } = await dispatchAndSettle([{ id: "q1", team: "qa-team" }]);
    expect(subtasks[0]).toMatchObject({
      status: "failed",
      attempts: 3,
      error: `team server at ${fake.url}/fail500 failed after 3 attempts: HTTP 500: crew exploded`,
    });
  });

  it("fails a garbage answer cleanly, without retrying it", async () => {
    const { taskId, subtasks } = await dispatchAndSettle([
      { id: "g1", team: "finance-team" },
      { id: "g2", team: "sales-team" },
    ]);
    expect(subtasks[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      result: null,
      error: expect.stringMatching(
        /answered with something that is not an ELF task response: not JSON: "<html>/,
      ),
    });
    expect(subtasks[1]).toMatchObject({
      status: "failed",
      attempts: 1,
      error: expect.stringMatching(/not an ELF task response: status: /),
    });
    const failed = (await eventsOf(db, taskId)).filter((e) => e.kind === "failed");
    expect(failed.map((e) => e.subtask).sort()).toEqual(["g1", "g2"]);
  });
});
