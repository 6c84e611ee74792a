// The durable dispatcher: one pg-boss job per subtask (singletonKey = subtask id, so it is never
// queued twice), retried with backoff, bounded by a timeout. Every job is queued in the
// transaction that makes it due (the confirmation, an interrupted attempt put back), so there is
// no moment at which a crash leaves a subtask without its job, and nothing has to look for such
// subtasks at start: pg-boss's own tables stay its own.
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Sql, TransactionSql } from "@/lib/db/client";
import type { SubtaskQueue } from "@/lib/delegation/confirm";
import type { LlmConfig } from "@/server/managers/llm/provider";
import { runSubtaskJob, type HandlerDeps } from "./handler";
import { createSubtaskLocks } from "./locks";
import { handOnOrphans, type OrphanQueue } from "./orphans";

export const DISPATCH_QUEUE = "cc-dispatch-subtask";
const STOP_GRACE_MS = 5_000;

export interface DispatcherOptions {
  databaseUrl: string;
  sql: Sql;
  logger: Logger;
  teamServerUrls: Record<string, string>;
  llm?: LlmConfig | null;
  /** Subtasks dispatched at once by this process; 0 queues jobs for other processes only. */
  concurrency?: number;
  /** Retries after the first attempt, so a subtask is tried retryLimit + 1 times. */
  retryLimit?: number;
  /** The first retry's delay; later ones back off exponentially. */
  retryDelaySeconds?: number;
  /** How long one attempt may take (a team server runs the task inside the request). */
  timeoutSeconds?: number;
  /** How often idle workers look for due jobs (retries, waits); new tasks wake them at once. */
  pollingIntervalSeconds?: number;
  /** A job active this long whose subtask no live worker holds is handed on (./orphans). */
  orphanAfterSeconds?: number;
}

export interface Dispatcher extends Required<SubtaskQueue> {
  stop(): Promise<void>;
}

interface JobData {
  subtaskId: string;
  waits?: number;
}

/** pg-boss's statements run on the caller's transaction, so its jobs commit or roll back with it. */
function onTransaction(tx: TransactionSql): PgBoss.Db {
  return {
    async executeSql(text, values) {
      // pg-boss passes undefined for unset options (node-postgres sends null); postgres.js
      // refuses undefined. The job's data goes as it is: postgres.js writes it as jsonb itself.
      const params = values.map((value: unknown) => (value === undefined ? null : value));
      return { rows: [...(await tx.unsafe(text, params as never[]))] };
    },
  };
}

export async function startDispatcher(options: DispatcherOptions): Promise<Dispatcher> {
  const logger = options.logger.child({ component: "dispatch" });
  const concurrency = options.concurrency ?? 4;
  const retryLimit = options.retryLimit ?? 3;
  const retryDelaySeconds = Math.max(1, Math.round(options.retryDelaySeconds ?? 15));
  const timeoutSeconds = options.timeoutSeconds ?? 3600;

  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: "pgboss",
    max: concurrency + 2,
    application_name: "elf-control-center-dispatch",
    schedule: false,
  });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();

  const locks = createSubtaskLocks(options.databaseUrl, concurrency + 1);
  const stopController = new AbortController();
  const inFlight = new Set<Promise<void>>();

  const send = async (subtaskId: string, { delaySeconds = 0, waits = 0 } = {}, db?: PgBoss.Db) => {
    const data: JobData = { subtaskId, waits };
    await boss.send(DISPATCH_QUEUE, data, {
      ...(db ? { db } : {}),
      singletonKey: subtaskId,
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: true,
      // pg-boss gives up on a job a little after our own timeout has ended the attempt.
      expireInSeconds: timeoutSeconds + 60,
      ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}),
    });
  };

  const deps: HandlerDeps = {
    sql: options.sql,
    logger,
    teamServerUrls: options.teamServerUrls,
    llm: options.llm ?? null,
    locks,
    maxAttempts: retryLimit + 1,
    timeoutSeconds,
    retryDelaySeconds,
    stopSignal: stopController.signal,
    requeue: (subtaskId, requeue, tx) => send(subtaskId, requeue, tx && onTransaction(tx)),
  };

  // Our own worker loops on pg-boss's public fetch/complete/fail, rather than boss.work: a stop
  // must know of a fetch in flight, or the jobs it returns after the stop stay "active" (and
  // unrun) until they expire an hour later.
  const pollingMs = (options.pollingIntervalSeconds ?? 2) * 1000;
  let stopRequested = false;
  const naps = new Set<() => void>();
  const wake = () => {
    for (const end of [...naps]) end();
  };
  const nap = () =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        naps.delete(end);
        resolve();
      };
      const timer = setTimeout(end, pollingMs);
      naps.add(end);
    });

  /** An untried job handed back for the next dispatcher: queued afresh and ended in one commit. */
  const putBack = (job: { id: string; subtaskId: string; waits: number }) =>
    options.sql.begin(async (tx) => {
      const db = onTransaction(tx);
      await send(job.subtaskId, { waits: job.waits }, db);
      // pg-boss's third argument is the job's output; the connection goes in the fourth.
      await boss.complete(DISPATCH_QUEUE, job.id, {}, { db });
    });

  // Jobs whose worker died are handed on by whichever dispatcher looks first (./orphans).
  const orphanAfterSeconds = options.orphanAfterSeconds ?? 10;
  const orphanQueue: OrphanQueue = {
    putBack,
    fail: (job, message) => boss.fail(DISPATCH_QUEUE, job.id, { message }),
    complete: (job) => boss.complete(DISPATCH_QUEUE, job.id),
  };
  let sweep: Promise<void> | undefined;
  const sweeper = setInterval(
    () => {
      sweep ??= handOnOrphans(DISPATCH_QUEUE, orphanAfterSeconds, deps, orphanQueue)
        .catch((error: unknown) =>
          logger.error({ err: error }, "could not look for dead workers' jobs"),
        )
        .finally(() => (sweep = undefined));
    },
    (orphanAfterSeconds * 1000) / 2,
  );

  const runJob = async (job: PgBoss.JobWithMetadata<JobData>) => {
    const run = runSubtaskJob(
      {
        subtaskId: job.data.subtaskId,
        waits: job.data.waits ?? 0,
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
      },
      deps,
    );
    inFlight.add(run);
    try {
      await run;
      await boss.complete(DISPATCH_QUEUE, job.id);
    } catch (error) {
      // pg-boss retries it with backoff, or marks it failed once its retries are spent.
      await boss.fail(DISPATCH_QUEUE, job.id, {
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      inFlight.delete(run);
    }
  };

  const workLoop = async () => {
    while (!stopRequested) {
      try {
        const [job] = await boss.fetch<JobData>(DISPATCH_QUEUE, {
          batchSize: 1,
          includeMetadata: true,
        });
        if (job && stopRequested)
          await putBack({ id: job.id, subtaskId: job.data.subtaskId, waits: job.data.waits ?? 0 });
        else if (job) await runJob(job);
        else await nap();
      } catch (error) {
        logger.error({ err: error }, "job queue error");
        if (!stopRequested) await nap();
      }
    }
  };
  const loops: Promise<void>[] = [];

  try {
    // "short": at most one queued job per singletonKey, so queueing a subtask twice is a no-op.
    await boss.createQueue(DISPATCH_QUEUE, {
      name: DISPATCH_QUEUE,
      policy: "short",
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: true,
    });
  } catch (error) {
    clearInterval(sweeper);
    await boss.stop({ graceful: false }).catch(() => {});
    await locks.close().catch(() => {});
    throw error;
  }
  for (let i = 0; i < concurrency; i += 1) loops.push(workLoop());
  logger.info({ concurrency, retryLimit, retryDelaySeconds, timeoutSeconds }, "dispatcher started");

  let stopping: Promise<void> | undefined;
  return {
    // Queued even while stopping: the job is as durable as the confirmation it commits with.
    async queueSubtasks(tx, subtaskIds) {
      const db = onTransaction(tx);
      for (const subtaskId of subtaskIds) await send(subtaskId, {}, db);
    },
    wake,
    stop() {
      stopping ??= (async () => {
        stopRequested = true;
        wake();
        // Attempts in flight get a moment to finish; then they are interrupted and queued again.
        const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
        await Promise.race([Promise.allSettled([...inFlight]), grace]);
        stopController.abort(new Error("dispatcher stopping"));
        clearInterval(sweeper);
        await Promise.allSettled([...loops, sweep]); // and with them, any fetch in flight
        await boss.stop({ graceful: true, wait: true, timeout: STOP_GRACE_MS });
        await locks.close();
        logger.info("dispatcher stopped");
      })();
      return stopping;
    },
  };
}
