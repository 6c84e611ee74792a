// Jobs whose dispatcher died (SIGKILL, a lost node): pg-boss keeps such a job active until it
// expires, an hour after our own attempt timeout, and its subtask waits that long. A live job
// holds its subtask's lock (./locks) from just after it is fetched until its outcome is recorded,
// and PostgreSQL drops a dead process's lock with its connection; so a job active for longer than
// a moment whose subtask lock can be taken has no worker left, and is handed on at once.
import type { Sql } from "@/lib/db/client";
import { selectSubtask } from "@/lib/tasks/subtasks";
import { DispatchError } from "./errors";
import { recordFailure, settledAs, type HandlerDeps } from "./handler";

export interface ActiveJob {
  id: string;
  subtaskId: string;
  waits: number;
  retryCount: number;
  retryLimit: number;
}

/** What the sweep does to a dead worker's job, through the queue's own calls. */
export interface OrphanQueue {
  /** Queues the subtask afresh and ends this job, in one commit: for an attempt never begun. */
  putBack(job: ActiveJob): Promise<void>;
  /** Fails the job: pg-boss retries it with backoff, or gives up once its retries are spent. */
  fail(job: ActiveJob, message: string): Promise<void>;
  complete(job: ActiveJob): Promise<void>;
}

const DIED = new DispatchError(
  true,
  "the Control Center instance dispatching it stopped",
  "its process ended during the attempt",
);

/** The queue's jobs active for more than `graceSeconds` (pg-boss's table, read only). */
async function selectActiveJobs(
  sql: Sql,
  queue: string,
  graceSeconds: number,
): Promise<ActiveJob[]> {
  return sql<ActiveJob[]>`
    SELECT id::text, data->>'subtaskId' AS "subtaskId", coalesce((data->>'waits')::int, 0) AS waits,
      retry_count AS "retryCount", retry_limit AS "retryLimit"
    FROM pgboss.job
    WHERE name = ${queue} AND state = 'active'
      AND started_on < now() - make_interval(secs => ${graceSeconds})`;
}

async function handOn(job: ActiveJob, deps: HandlerDeps, queue: OrphanQueue): Promise<void> {
  const row = await selectSubtask(deps.sql, job.subtaskId);
  // Its worker recorded the outcome and died before ending the job, or the job is moot.
  if (!row || settledAs(row)) return queue.complete(job);
  if (row.status === "pending") return queue.putBack(job); // nothing reached the team
  // An attempt was under way: recorded as failed, and retried (or given up) as any failure is.
  // Not as interrupted by this dispatcher's stop, whatever it is doing: the attempt was not ours.
  const running = { ...deps, stopSignal: new AbortController().signal };
  await recordFailure(job, running, row, DIED).catch((error: unknown) => {
    if (!(error instanceof DispatchError)) throw error; // thrown to have it retried
  });
  await queue.fail(job, DIED.message);
  deps.logger.warn({ subtaskId: job.subtaskId, jobId: job.id }, "took over a dead worker's job");
}

/** Hands on every job whose worker is gone; a job whose subtask lock is held is alive. */
export async function handOnOrphans(
  queueName: string,
  graceSeconds: number,
  deps: HandlerDeps,
  queue: OrphanQueue,
): Promise<void> {
  for (const job of await selectActiveJobs(deps.sql, queueName, graceSeconds)) {
    if (deps.stopSignal.aborted) return;
    const release = await deps.locks.tryLock(job.subtaskId);
    if (!release) continue;
    try {
      // Its worker may have ended it between the two looks.
      const [still] = await deps.sql`
        SELECT 1 FROM pgboss.job WHERE name = ${queueName} AND id = ${job.id} AND state = 'active'`;
      if (still) await handOn(job, deps, queue);
    } finally {
      await release();
    }
  }
}
