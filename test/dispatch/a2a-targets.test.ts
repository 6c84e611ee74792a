// Subtasks for teams whose manager is an A2A agent (cc_team_managers.kind = 'a2a'): a real A2A
// server built with @a2a-js/sdk, run as its own process, and an agent card nobody serves.
import path from "node:path";
import getPort from "get-port";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Dispatcher } from "@/server/dispatch";
import { startServerProcess, type ServerProcess } from "@/test/elf/support";
import type { TestDatabase } from "@/test/support/database";
import {
  confirmTask,
  dispatcherFor,
  eventsOf,
  receivedBy,
  settle,
  setUpDatabase,
  subtasksOf,
  taskStatus,
  waitFor,
  queueTask,
} from "./support";

let db: TestDatabase;
let executiveId: string;
let agent: ServerProcess;
let cardUrl: string;
let downCardUrl: string;
let dispatcher: Dispatcher;

beforeAll(async () => {
  ({ db, executiveId } = await setUpDatabase(inject("pgAdminUrl")));
  agent = await startServerProcess(path.join(import.meta.dirname, "fixtures/echo-a2a-agent.ts"), [
    "--port",
    "0",
  ]);
  cardUrl = `${agent.url}/.well-known/agent-card.json`;
  downCardUrl = `http://127.0.0.1:${await getPort()}/.well-known/agent-card.json`; // nothing listens there
  await db.sql`
    INSERT INTO cc_team_managers (team_id, kind, url)
    SELECT id, 'a2a', CASE name WHEN 'qa-team' THEN ${downCardUrl} WHEN 'finance-team' THEN ${`${agent.url}/received`} ELSE ${cardUrl} END
    FROM teams WHERE name IN ('product-team', 'qa-team', 'finance-team')`;
  dispatcher = await dispatcherFor(db);
});
afterAll(async () => {
  await dispatcher?.stop();
  await agent?.stop();
  await db?.drop();
});

async function dispatch(subtasks: Parameters<typeof confirmTask>[2]) {
  const taskId = await confirmTask(db, executiveId, subtasks);
  await queueTask(db, dispatcher, taskId);
  return taskId;
}

const kindsOf = async (taskId: string, subtask: string) =>
  (await eventsOf(db, taskId)).filter((e) => e.subtask === subtask).map((e) => e.kind);

describe("dispatch to A2A agents", () => {
  it("sends the subtask as an A2A message and stores the agent's artifact as the result", async () => {
    const taskId = await dispatch([
      { id: "a1", team: "product-team", instructions: "Write the launch brief" },
    ]);
    expect(await settle(db, taskId)).toEqual([
      expect.objectContaining({
        status: "completed",
        attempts: 1,
        result: "Echo: Write the launch brief",
        error: null,
      }),
    ]);
    expect(await taskStatus(db, taskId)).toEqual({ status: "completed", finished: true });
    const dispatched = (await eventsOf(db, taskId)).find((e) => e.kind === "dispatched");
    expect(dispatched?.detail).toMatchObject({ target: "a2a", url: cardUrl });
    const request = (
      await receivedBy<{
        text: string;
        data: { task_id: string; subtask_id: string; plan: { title: string } };
      }>(agent.url)
    ).find((r) => r.data.task_id === taskId);
    expect(request?.text).toContain("Instructions: Write the launch brief");
    expect(request?.data).toMatchObject({
      subtask_id: "a1",
      plan_version: 1,
      plan: { title: "Launch the analytics product" },
    });
  });

  it("shows a subtask the agent is working on as in progress until the agent completes it", async () => {
    const taskId = await dispatch([
      { id: "h1", team: "product-team", instructions: "hold the press release" },
    ]);
    await waitFor(
      () => subtasksOf(db, taskId),
      ([s]) => s?.status === "in_progress",
    );
    expect(await taskStatus(db, taskId)).toEqual({ status: "in_progress", finished: false });
    await fetch(`${agent.url}/release`, { method: "POST" });
    expect(await settle(db, taskId)).toEqual([
      expect.objectContaining({ status: "completed", result: "Echo: hold the press release" }),
    ]);
    expect(await kindsOf(taskId, "h1")).toEqual([
      "created",
      "dispatched",
      "in_progress",
      "completed",
    ]);
  });

  it("follows the agent's task again after a restart instead of sending the work twice", async () => {
    const taskId = await dispatch([
      { id: "k1", team: "product-team", instructions: "hold through a restart" },
    ]);
    await waitFor(
      () => subtasksOf(db, taskId),
      ([s]) => s?.status === "in_progress",
    );
    await dispatcher.stop();
    dispatcher = await dispatcherFor(db);
    await waitFor(
      () => kindsOf(taskId, "k1"),
      (kinds) => kinds.filter((k) => k === "in_progress").length === 2,
    );
    await fetch(`${agent.url}/release`, { method: "POST" });
    expect(await settle(db, taskId)).toEqual([
      expect.objectContaining({ status: "completed", result: "Echo: hold through a restart" }),
    ]);
    expect(await kindsOf(taskId, "k1")).toEqual([
      "created",
      "dispatched",
      "in_progress",
      "interrupted",
      "dispatched",
      "in_progress",
      "completed",
    ]);
    const sent = (await receivedBy<{ data: { task_id: string } }>(agent.url)).filter(
      (r) => r.data.task_id === taskId,
    );
    expect(sent).toHaveLength(1);
  });

  it("maps failed and rejected to failed, and canceled to cancelled, with the agent's reason and no retry", async () => {
    const taskId = await dispatch([
      { id: "f1", team: "product-team", instructions: "fail at this" },
      { id: "r1", team: "product-team", instructions: "reject this" },
      { id: "c1", team: "product-team", instructions: "cancel this" },
    ]);
    const [failed, rejected, cancelled] = await settle(db, taskId);
    expect(failed).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "A2A agent of product-team could not do the task: the echo agent cannot do this",
    });
    expect(rejected).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "A2A agent of product-team refused the task: not the echo agent's kind of work",
    });
    expect(cancelled).toMatchObject({
      status: "cancelled",
      attempts: 1,
      error: "the echo agent called it off",
    });
    expect(await taskStatus(db, taskId)).toEqual({ status: "failed", finished: true });
  });

  it("retries an agent card nobody serves, then fails the subtask with the reason", async () => {
    const taskId = await dispatch([{ id: "d1", team: "qa-team" }]);
    const [down] = await settle(db, taskId);
    expect(down).toMatchObject({
      status: "failed",
      attempts: 3,
      result: null,
      error: `A2A agent card at ${downCardUrl} not reachable after 3 attempts: ECONNREFUSED`,
    });
    expect(await kindsOf(taskId, "d1")).toEqual([
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

  it("fails at once, saying so, when the URL serves something that is not an agent card", async () => {
    const taskId = await dispatch([{ id: "g1", team: "finance-team" }]);
    const [garbage] = await settle(db, taskId);
    expect(garbage).toMatchObject({
      status: "failed",
      attempts: 1,
      result: null,
      error: expect.stringMatching(
        new RegExp(`^${agent.url}/received is not a usable A2A agent card: .+`),
      ),
    });
  });
});
