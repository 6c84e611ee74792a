// Confirm → dispatch, in one place. A person confirms a plan at a version; when a team server
// proposed it, that server is asked first (one answer at a time per plan, across instances); then,
// in one transaction, the plan is confirmed, its task and subtasks created and each subtask's
// dispatch job queued — so a job exists exactly when the confirmation committed. A plan the team
// server accepted is its to carry out: its subtasks are recorded as handed over and get no job.
import "server-only";
import pLimit from "p-limit";
import { recordAudit } from "../audit/record";
import type { Sql, TransactionSql } from "../db/client";
import { insertTaskEvent } from "../tasks/events";
import { selectDraft, selectPlan, type PlanRow } from "./queries";
import { announcePlanChange, assertEditable, type Actor } from "./service";
import { createTaskFromPlan, handTaskToTeamServer, type CreatedTask } from "./tasks";

/** What to record about the team server's part; undefined for plans no team server proposed. */
export type TeamServerRecord = Record<string, unknown> | undefined;

/** Where confirmed subtasks are queued for dispatch (the dispatcher's job queue). */
export interface SubtaskQueue {
  /** Queues a job per subtask on the transaction's connection: it exists only if `tx` commits. */
  queueSubtasks(tx: TransactionSql, subtaskIds: string[]): Promise<void>;
  /** After the commit: workers pick the new jobs up now rather than at their next poll. */
  wake?(): void;
}

/**
 * Runs one answer (confirm or cancel) to a plan at a time, across every instance: a double click,
 * two tabs or a cancel racing a confirm reach the team server once, and the second caller then
 * finds the plan already answered (the calls below skip the team server for a plan not proposed).
 */
export async function oneAnswerAtATime<T>(
  sql: Sql,
  planId: string,
  answer: () => Promise<T>,
): Promise<T> {
  // A transaction-scoped lock on a pooled connection (not a reserved one: postgres.js cannot
  // recover a reserved connection whose server went away), released when the work ends. Each one
  // holds a pool connection while the work uses others, so few may wait at once: never the pool.
  return answersInFlight(async () => {
    let result: T | undefined;
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext(${`cc_plan_answer:${planId}`}))`;
      result = await answer();
    });
    return result as T;
  });
}

/** At most this many answers hold a lock connection at once, well below the pool's ten. */
const answersInFlight = pLimit(3);

/**
 * Records an answer to a plan (`record`: confirmPlan or cancelPlan) with what the team server that
 * proposed it said (`ask`). A plan no team server proposed is recorded at once: confirmPlan's row
 * lock is all it needs. One a team server proposed is answered one at a time, and read again under
 * the lock, since another answer may have come first.
 */
export async function answerThroughTeamServer<T>(
  sql: Sql,
  planId: string,
  ask: (row: PlanRow) => Promise<TeamServerRecord>,
  record: (teamServer: TeamServerRecord) => Promise<T>,
): Promise<T> {
  if (!(await selectPlan(sql, planId))?.origin) return record(undefined);
  return oneAnswerAtATime(sql, planId, async () => {
    const row = await selectPlan(sql, planId);
    return record(row ? await ask(row) : undefined);
  });
}

/**
 * Confirms the plan at `version`, exactly once: a second confirm (double click, another tab,
 * another instance, a retry) returns the task the first one created. With a queue, the subtasks'
 * jobs are queued in the same transaction; without one (a chat server with no dispatcher, as in
 * some tests) no job is queued and the subtasks stay pending.
 */
export async function confirmPlan(
  sql: Sql,
  input: {
    planId: string;
    version: number;
    actor: Actor;
    /** What the proposing team server answered, when one did. */
    teamServer?: Record<string, unknown>;
    queue?: SubtaskQueue;
  },
): Promise<CreatedTask & { created: boolean }> {
  const outcome = await sql.begin(async (tx) => {
    const row = await selectPlan(tx, input.planId, true);
    if (row?.status === "confirmed") {
      const task = await tx<
        { id: string }[]
      >`SELECT id::text FROM cc_tasks WHERE plan_id = ${row.id}`;
      return { taskId: task[0]!.id, subtaskIds: [], created: false, plan: row };
    }
    assertEditable(row, input.version);
    const draft = (await selectDraft(tx, row.id, input.version))!;
    const task = await createTaskFromPlan(tx, {
      plan: row,
      version: input.version,
      draft,
      createdBy: input.actor.id,
    });
    await tx`UPDATE cc_delegation_plans SET status = 'confirmed', confirmed_version = ${input.version} WHERE id = ${row.id}`;
    await tx`UPDATE team_chat_sessions SET delegated = true, delegation_task_id = ${task.taskId} WHERE id = ${row.session_id}`;
    const teamServer = input.teamServer ? { team_server: input.teamServer } : {};
    if (input.teamServer)
      await insertTaskEvent(tx, task.taskId, null, "team_server_answered", input.teamServer);
    if (input.teamServer?.answer === "confirmed" && typeof input.teamServer.url === "string") {
      await handTaskToTeamServer(tx, task.taskId, {
        url: input.teamServer.url,
        task_id: input.teamServer.task_id,
      });
    } else {
      await input.queue?.queueSubtasks(tx, task.subtaskIds);
    }
    await recordAudit(tx, {
      teamId: row.team_id,
      action: "delegation_confirmed",
      description: `Confirmed plan "${draft.title}" at version ${input.version}`,
      performedBy: input.actor.email,
      details: { plan_id: row.id, version: input.version, task_id: task.taskId, ...teamServer },
    });
    return { ...task, created: true, plan: row };
  });
  const { plan, ...confirmed } = outcome;
  if (confirmed.created) {
    input.queue?.wake?.();
    await announcePlanChange(sql, {
      team: plan.team_name ?? "unknown-team",
      session_id: plan.session_id,
    });
  }
  return confirmed;
}

/**
 * The whole flow behind the chat's Confirm: the proposing team server asked (`askTeamServer`, for
 * plans with an origin), the plan confirmed and its subtasks queued on `queue`.
 */
export async function confirmAndDispatch(
  sql: Sql,
  input: {
    planId: string;
    version: number;
    actor: Actor;
    askTeamServer: (row: PlanRow, version: number) => Promise<TeamServerRecord>;
    queue?: SubtaskQueue;
  },
): Promise<CreatedTask & { created: boolean }> {
  const { planId, version, actor, queue } = input;
  return answerThroughTeamServer(
    sql,
    planId,
    (row) => input.askTeamServer(row, version),
    (teamServer) => confirmPlan(sql, { planId, version, actor, teamServer, queue }),
  );
}
