// Dispatch tests: a database of their own, tasks made the real way (proposePlan + confirmPlan),
// dispatchers with tiny delays, and waiting on the database instead of sleeping.
import path from "node:path";
import pino from "pino";
import { insertSession } from "@/lib/chat/queries";
import { confirmPlan, type SubtaskQueue } from "@/lib/delegation/confirm";
import { proposePlan } from "@/lib/delegation/service";
import type { PlanDraft, Subtask } from "@/lib/protocol";
import { seedOrganisation } from "@/lib/teams/seed";
import { startDispatcher, type DispatcherOptions } from "@/server/dispatch";
import { startServerProcess } from "@/test/elf/support";
import { testDraft } from "@/test/fixtures/plan-draft";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";

export const actor = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.test" };
export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

export async function setUpDatabase(
  adminUrl: string,
): Promise<{ db: TestDatabase; executiveId: string }> {
  const db = await createTestDatabase(adminUrl);
  await seedOrganisation(db.sql);
  const [row] = await db.sql<
    { id: string }[]
  >`SELECT id::text FROM teams WHERE name = 'executive-team'`;
  return { db, executiveId: row!.id };
}

type SubtaskSpec = Pick<Subtask, "id" | "team"> & Partial<Subtask>;

export function draftWith(subtasks: SubtaskSpec[]): PlanDraft {
  return testDraft({
    deadline: null,
    estimated_hours: 4,
    constraints: [],
    requirements: [],
    subtasks: subtasks.map((s) => ({
      title: `Step ${s.id}`,
      instructions: `Do step ${s.id} for ${s.team}`,
      rationale: "test",
      depends_on: [],
      estimated_hours: 1,
      ...s,
    })),
    suggested_teams: [...new Set(subtasks.map((s) => s.team))],
    chat_summary: "A test plan.",
  });
}

/** A confirmed plan's task, through the same service calls the chat uses. */
export async function confirmTask(
  db: TestDatabase,
  executiveId: string,
  subtasks: SubtaskSpec[],
  queue?: SubtaskQueue,
): Promise<string> {
  const session = await insertSession(db.sql, executiveId, actor.id, {});
  const { plan } = await proposePlan(db.sql, {
    sessionId: session.id,
    teamId: executiveId,
    userId: actor.id,
    draft: draftWith(subtasks),
  });
  const { taskId } = await confirmPlan(db.sql, {
    planId: plan.id,
    version: plan.version,
    actor,
    queue,
  });
  return taskId;
}

/**
 * Queues a job for each of the task's subtasks, as a confirmation with a queue does, for a task
 * confirmed without one; queueing a subtask whose job is queued already changes nothing.
 */
export async function queueTask(
  db: TestDatabase,
  queue: SubtaskQueue,
  taskId: string,
): Promise<void> {
  const subtasks = await db.sql<{ id: string }[]>`
    SELECT id::text FROM cc_subtasks WHERE task_id = ${taskId} ORDER BY position`;
  await db.sql.begin((tx) =>
    queue.queueSubtasks(
      tx,
      subtasks.map((s) => s.id),
    ),
  );
  queue.wake?.();
}

export function dispatcherFor(db: TestDatabase, options: Partial<DispatcherOptions> = {}) {
  return startDispatcher({
    databaseUrl: db.url,
    sql: db.sql,
    logger,
    teamServerUrls: {},
    llm: null,
    concurrency: 4,
    retryLimit: 2,
    retryDelaySeconds: 1,
    timeoutSeconds: 20,
    pollingIntervalSeconds: 0.5,
    ...options,
  });
}

export interface SubtaskState {
  plan_subtask_id: string;
  status: string;
  attempts: number;
  result: string | null;
  error: string | null;
}

export function subtasksOf(db: TestDatabase, taskId: string): Promise<SubtaskState[]> {
  return db.sql<SubtaskState[]>`
    SELECT plan_subtask_id, status, attempts, result, error FROM cc_subtasks WHERE task_id = ${taskId} ORDER BY position`;
}

export async function taskStatus(
  db: TestDatabase,
  taskId: string,
): Promise<{ status: string; finished: boolean }> {
  const [row] = await db.sql<
    { status: string; finished: boolean }[]
  >`SELECT status, finished_at IS NOT NULL AS finished FROM cc_tasks WHERE id = ${taskId}`;
  return row!;
}

export function eventsOf(
  db: TestDatabase,
  taskId: string,
): Promise<
  { id: string; kind: string; subtask: string | null; detail: Record<string, unknown> }[]
> {
  return db.sql`
    SELECT e.id::text, e.kind, s.plan_subtask_id AS subtask, e.detail
    FROM cc_task_events e LEFT JOIN cc_subtasks s ON s.id = e.subtask_id
    WHERE e.task_id = ${taskId} ORDER BY e.id`;
}

/** The task's dispatch entries in the audit log, oldest first, with the team each is recorded against. */
export function dispatchAuditOf(
  db: TestDatabase,
  taskId: string,
): Promise<
  {
    action: string;
    subtask: string;
    team: string | null;
    performed_by: string;
    details: Record<string, unknown>;
  }[]
> {
  return db.sql`
    SELECT a.action, a.details->>'plan_subtask_id' AS subtask, t.name AS team, a.performed_by, a.details
    FROM team_audit_log a LEFT JOIN teams t ON t.id = a.team_id
    WHERE a.details->>'task_id' = ${taskId} AND a.action LIKE 'subtask\_%'
    ORDER BY a.created_at, a.id`;
}

/** Polls `read` until `done` holds, then returns the last value read. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const allSettled = (
  subtasks: SubtaskState[],
  statuses = ["completed", "failed", "cancelled", "dispatched"],
) =>
  subtasks.every(
    (s) => statuses.includes(s.status) && (s.status !== "dispatched" || s.result !== null),
  );

/** No job for these subtasks is queued, waiting to retry or running: nothing more will happen. */
export async function queueDrained(db: TestDatabase, taskId: string): Promise<boolean> {
  const [row] = await db.sql<{ open: number }[]>`
    SELECT count(*)::int AS open FROM pgboss.job j JOIN cc_subtasks s ON j.singleton_key = s.id::text
    WHERE s.task_id = ${taskId} AND j.state IN ('created', 'retry', 'active')`;
  return row!.open === 0;
}

/** Waits until every subtask of the task has settled and no job for it is left; returns the subtasks. */
export async function settle(db: TestDatabase, taskId: string): Promise<SubtaskState[]> {
  const subtasks = await waitFor(
    () => subtasksOf(db, taskId),
    (s) => allSettled(s),
  );
  await waitFor(() => queueDrained(db, taskId), Boolean);
  return subtasks;
}

export function startFakeTaskServer() {
  return startServerProcess(path.join(import.meta.dirname, "fixtures/fake-task-server.ts"), [
    "--port",
    "0",
  ]);
}

/** What a fake server (a task server or the echo A2A agent) says it received, oldest first. */
export async function receivedBy<T = { path: string; body: Record<string, unknown> }>(
  url: string,
): Promise<T[]> {
  const response = await fetch(`${url}/received`);
  return (await response.json()) as T[];
}
