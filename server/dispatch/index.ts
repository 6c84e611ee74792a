// The durable dispatcher: one pg-boss job per subtask (singletonKey = subtask id, so it is never
// queued twice), retried with backoff, bounded by a timeout. On start a reconciler queues every
// subtask a crash left behind, so a confirmed plan is dispatched once even across restarts.
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Sql, TransactionSql } from "@/lib/db/client";
import type { SubtaskQueue } from "@/lib/delegation/confirm";
import { AppError } from "@/lib/errors";
import type { LlmConfig } from "@/server/managers/llm/provider";
import { runSubtaskJob, type HandlerDeps } from "./handler";
import { createSubtaskLocks } from "./locks";
import { selectUndispatchedSubtasks } from "./reconcile";

export const DISPATCH_QUEUE = "cc-dispatch-subtask";
const STOP_GRACE_MS = 5_000;

export interface DispatcherOptions {
  databaseUrl: string;
  sql: Sql;
  logger: Logger;
  teamServerUrls: Record<string, string>;
  llm?: LlmConfig | null;
  /** Subtasks dispatched at once by this process. */
  concurrency?: number;
  /** Retries after the first attempt, so a subtask is tried retryLimit + 1 times. */
  retryLimit?: number;
  /** The first retry's delay; later ones back off exponentially. */
  retryDelaySeconds?: number;
  /** How long one attempt may take (a team server runs the task inside the request). */
  timeoutSeconds?: number;
  /** How often idle workers look for due jobs (retries, waits); new tasks wake them at once. */
  pollingIntervalSeconds?: number;
}

export interface Dispatcher extends Required<SubtaskQueue> {
  /** Queues the task's subtasks that are not queued or with their team yet; safe to repeat. */
  enqueueTask(taskId: string): Promise<void>;
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
  const workerIds: string[] = [];

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
    requeue: (subtaskId, requeue) => send(subtaskId, requeue),
  };

  const wake = () => {
    for (const id of workerIds) boss.notifyWorker(id);
  };

  const enqueue = async (taskId?: string): Promise<number> => {
    const subtasks = await selectUndispatchedSubtasks(options.sql, DISPATCH_QUEUE, taskId);
    for (const subtask of subtasks) await send(subtask.id);
    wake();
    return subtasks.length;
  };

  try {
    // "short": at most one queued job per singletonKey, so queueing a subtask twice is a no-op.
    await boss.createQueue(DISPATCH_QUEUE, {
      name: DISPATCH_QUEUE,
      policy: "short",
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: true,
    });
    const queued = await enqueue();
    if (queued > 0) logger.info({ subtasks: queued }, "queued subtasks left undispatched");
    for (let i = 0; i < concurrency; i += 1) {
      const id = await boss.work<JobData>(
        DISPATCH_QUEUE,
        {
          batchSize: 1,
          includeMetadata: true,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        },
        async (jobs) => {
          for (const job of jobs) {
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
            } finally {
              inFlight.delete(run);
            }
          }
        },
      );
      workerIds.push(id);
    }
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    await locks.close().catch(() => {});
    throw error;
  }
  logger.info({ concurrency, retryLimit, retryDelaySeconds, timeoutSeconds }, "dispatcher started");

  let stopping: Promise<void> | undefined;
  return {
    async enqueueTask(taskId) {
      if (stopping)
        throw new AppError(
          "unavailable",
          "The Control Center is stopping; the task will be dispatched when it starts again.",
          "dispatcher_stopping",
        );
      await enqueue(taskId);
    },
    // Queued even while stopping: the job is as durable as the confirmation it commits with.
    async queueSubtasks(tx, subtaskIds) {
      const db = onTransaction(tx);
      for (const subtaskId of subtaskIds) await send(subtaskId, {}, db);
    },
    wake,
    stop() {
      stopping ??= (async () => {
        for (const id of workerIds) await boss.offWork({ id });
        // Attempts in flight get a moment to finish; then they are interrupted and queued again.
        const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
        await Promise.race([Promise.allSettled([...inFlight]), grace]);
        stopController.abort(new Error("dispatcher stopping"));
        await Promise.allSettled([...inFlight]);
        await boss.stop({ graceful: true, wait: true, timeout: STOP_GRACE_MS });
        await locks.close();
        logger.info("dispatcher stopped");
      })();
      return stopping;
    },
  };
}
