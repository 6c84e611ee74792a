// One job, one subtask, idempotent: it re-reads the subtask, does nothing if it is finished, with
// its team already or held by another live job, waits for its dependencies, then hands it over
// and records what happened. Retryable failures are thrown for pg-boss to retry with backoff.
import type { Logger } from "pino";
import type { Sql, TransactionSql } from "@/lib/db/client";
import { dependencyState, isFinished } from "@/lib/tasks/status";
import { notifyTaskUpdated } from "@/lib/tasks/updates";
import type { LlmConfig } from "@/server/managers/llm/provider";
import type { SubtaskLocks } from "./locks";
import { selectDraft } from "@/lib/delegation/queries";
import { insertTaskEvent } from "@/lib/tasks/events";
import { auditDispatch } from "./audit";
import {
  changeSubtask,
  markSubtaskInProgress,
  selectSiblings,
  selectSubtask,
  type SubtaskChange,
  type SubtaskRow,
} from "@/lib/tasks/subtasks";
import { DispatchError } from "./errors";
import { dispatchTo, resolveTarget, type DispatchOutcome, type Target } from "./targets";

export interface SubtaskJob {
  subtaskId: string;
  /** How many times this subtask has already waited for its dependencies. */
  waits: number;
  /** pg-boss's count of retries of this job, and its limit. */
  retryCount: number;
  retryLimit: number;
}

export interface HandlerDeps {
  sql: Sql;
  logger: Logger;
  teamServerUrls: Record<string, string>;
  llm: LlmConfig | null;
  locks: SubtaskLocks;
  maxAttempts: number;
  timeoutSeconds: number;
  retryDelaySeconds: number;
  /** Aborted when the dispatcher stops: work in flight is put back to be dispatched again. */
  stopSignal: AbortSignal;
  /** Queues the subtask's next job; on `tx`, it exists only if `tx` commits. */
  requeue(
    subtaskId: string,
    options: { delaySeconds: number; waits: number },
    tx?: TransactionSql,
  ): Promise<void>;
}

const MAX_WAIT_SECONDS = 300;

function describeTarget(target: Target): Record<string, unknown> {
  return target.kind === "builtin"
    ? { target: "builtin" }
    : { target: target.kind, url: target.url };
}

type Start =
  | { kind: "skip"; why: string }
  | { kind: "wait"; on: string[] }
  | { kind: "changed"; taskId: string }
  | { kind: "go"; row: SubtaskRow; target: Target };

/** Why the subtask needs no dispatch (gone, finished, its task cancelled, with its team), or null. */
export function settledAs(row: SubtaskRow | null): string | null {
  if (!row) return "gone";
  if (isFinished(row.status) || row.task_status === "cancelled") return row.status;
  if (row.status === "dispatched" && row.result !== null) return "already with its team";
  return null;
}

async function begin(job: SubtaskJob, deps: HandlerDeps): Promise<Start> {
  return deps.sql.begin(async (tx): Promise<Start> => {
    const row = await selectSubtask(tx, job.subtaskId, true);
    const settled = settledAs(row);
    if (!row || settled) return { kind: "skip", why: settled ?? "gone" };
    const dependencies = dependencyState(row.depends_on, await selectSiblings(tx, row.task_id));
    if (dependencies.kind === "waiting") {
      if (job.waits === 0)
        await insertTaskEvent(tx, row.task_id, row.id, "waiting", { on: dependencies.on });
      return { kind: "wait", on: dependencies.on };
    }
    if (dependencies.kind === "blocked") {
      await changeSubtask(tx, row, {
        status: "failed",
        error: dependencies.reason,
        event: { kind: "failed", detail: { reason: dependencies.reason } },
      });
      await auditDispatch(tx, row, "subtask_failed", { reason: dependencies.reason });
      return { kind: "changed", taskId: row.task_id };
    }
    const target = await resolveTarget(tx, deps.teamServerUrls, row);
    // The model works while we wait; a team server has the task (ELF runs it inside the request).
    const status = target.kind === "builtin" && deps.llm ? "in_progress" : "dispatched";
    const attempt = row.attempts + 1;
    await changeSubtask(tx, row, {
      status,
      error: null,
      countAttempt: true,
      event: { kind: "dispatched", detail: { attempt, ...describeTarget(target) } },
    });
    await auditDispatch(tx, row, "subtask_dispatched", { attempt, ...describeTarget(target) });
    return { kind: "go", row: { ...row, status, attempts: attempt }, target };
  });
}

export async function runSubtaskJob(job: SubtaskJob, deps: HandlerDeps): Promise<void> {
  const release = await deps.locks.tryLock(job.subtaskId);
  if (!release) {
    deps.logger.debug({ subtaskId: job.subtaskId }, "subtask held by another job");
    return;
  }
  try {
    await runLocked(job, deps);
  } finally {
    await release().catch((error: unknown) =>
      deps.logger.warn({ err: error }, "could not release a subtask lock"),
    );
  }
}

async function runLocked(job: SubtaskJob, deps: HandlerDeps): Promise<void> {
  const start = await begin(job, deps);
  if (start.kind === "skip") {
    deps.logger.debug({ subtaskId: job.subtaskId, why: start.why }, "subtask skipped");
    return;
  }
  if (start.kind === "wait") {
    const delaySeconds = Math.min(
      MAX_WAIT_SECONDS,
      Math.max(1, deps.retryDelaySeconds) * 2 ** Math.min(job.waits, 10),
    );
    await deps.requeue(job.subtaskId, { delaySeconds, waits: job.waits + 1 });
    return;
  }
  if (start.kind === "changed") {
    await notifyTaskUpdated(deps.sql, start.taskId);
    return;
  }
  await notifyTaskUpdated(deps.sql, start.row.task_id);

  const signal = AbortSignal.any([
    deps.stopSignal,
    AbortSignal.timeout(deps.timeoutSeconds * 1000),
  ]);
  const draft = await selectDraft(deps.sql, start.row.plan_id, start.row.plan_version);
  const onProgress = async (detail: Record<string, unknown>) => {
    if (await markSubtaskInProgress(deps.sql, start.row.id, detail))
      await notifyTaskUpdated(deps.sql, start.row.task_id);
  };
  const input = {
    subtask: start.row,
    draft,
    signal,
    timeoutSeconds: deps.timeoutSeconds,
    onProgress,
  };
  let outcome: DispatchOutcome;
  try {
    outcome = await dispatchTo(deps.sql, deps.llm, start.target, input);
  } catch (error) {
    await recordFailure(job, deps, start.row, error);
    return;
  }
  await deps.sql.begin(async (tx) => {
    const current = await selectSubtask(tx, start.row.id, true);
    if (!current) return;
    const change = changeFor(outcome, start.row.attempts);
    const applied = await changeSubtask(tx, current, change);
    if (!applied) {
      await insertTaskEvent(
        tx,
        current.task_id,
        current.id,
        `${change.event.kind}_after_${current.status}`,
        { ...change.event.detail, result: change.result },
      );
    }
    // What the team answered is recorded either way; a subtask cancelled meanwhile stays cancelled.
    await auditDispatch(tx, current, OUTCOME_AUDIT[outcome.kind], {
      attempt: start.row.attempts,
      ...(outcome.kind === "accepted" ? { note: outcome.note } : {}),
      ...(outcome.kind === "cancelled" ? { reason: outcome.reason } : {}),
      ...(applied ? {} : { subtask_status: current.status }),
    });
  });
  await notifyTaskUpdated(deps.sql, start.row.task_id);
}

const OUTCOME_AUDIT = {
  completed: "subtask_completed",
  accepted: "subtask_accepted",
  cancelled: "subtask_cancelled",
} as const;

function changeFor(outcome: DispatchOutcome, attempt: number): SubtaskChange {
  switch (outcome.kind) {
    case "completed":
      return {
        status: "completed",
        result: outcome.result,
        error: null,
        event: { kind: "completed", detail: { attempt } },
      };
    case "accepted":
      return {
        status: "dispatched",
        result: outcome.note,
        error: null,
        event: { kind: "accepted", detail: { attempt, note: outcome.note } },
      };
    case "cancelled":
      return {
        status: "cancelled",
        error: outcome.reason,
        event: { kind: "cancelled", detail: { attempt, reason: outcome.reason } },
      };
  }
}

export async function recordFailure(
  job: SubtaskJob,
  deps: HandlerDeps,
  row: SubtaskRow,
  error: unknown,
): Promise<void> {
  const failure =
    error instanceof DispatchError
      ? error
      : new DispatchError(
          true,
          "dispatch failed",
          error instanceof Error ? error.message : String(error),
        );
  if (!(error instanceof DispatchError))
    deps.logger.error({ err: error, subtaskId: row.id }, "dispatch failed unexpectedly");
  const interrupted = deps.stopSignal.aborted;
  const final =
    !interrupted &&
    (!failure.retryable || row.attempts >= deps.maxAttempts || job.retryCount >= job.retryLimit);
  await deps.sql.begin(async (tx) => {
    const current = await selectSubtask(tx, row.id, true);
    if (!current) return;
    if (interrupted) {
      const interruption = {
        attempt: row.attempts,
        reason: "the Control Center stopped while the subtask was in flight",
      };
      await changeSubtask(tx, current, {
        status: "pending",
        event: { kind: "interrupted", detail: interruption },
      });
      await auditDispatch(tx, current, "subtask_interrupted", interruption);
      // Put back with its job in one commit: no moment at which it is pending with none.
      await deps.requeue(current.id, { delaySeconds: 0, waits: 0 }, tx);
      return;
    }
    const attemptFailed = {
      kind: "attempt_failed",
      detail: { attempt: row.attempts, error: failure.message, will_retry: !final },
    };
    if (!final) {
      const error = `Attempt ${row.attempts} of ${deps.maxAttempts} failed (${failure.message}); retrying.`;
      await changeSubtask(tx, current, { status: "pending", error, event: attemptFailed });
      await auditDispatch(tx, current, "subtask_attempt_failed", attemptFailed.detail);
      return;
    }
    await insertTaskEvent(
      tx,
      current.task_id,
      current.id,
      attemptFailed.kind,
      attemptFailed.detail,
    );
    const reason = failure.retryable
      ? `${failure.summary} after ${row.attempts} attempt${row.attempts === 1 ? "" : "s"}: ${failure.detail}`
      : failure.message;
    await changeSubtask(tx, current, {
      status: "failed",
      error: reason,
      event: { kind: "failed", detail: { reason } },
    });
    await auditDispatch(tx, current, "subtask_failed", { attempt: row.attempts, reason });
  });
  await notifyTaskUpdated(deps.sql, row.task_id);
  deps.logger.warn(
    { subtaskId: row.id, attempt: row.attempts, final, interrupted, reason: failure.message },
    "subtask dispatch failed",
  );
  if (!interrupted && !final) throw failure;
}
