// Runs the outbox on the job queue the dispatcher already uses (pg-boss): one "drain" job at a
// time across every instance (policy "stately", one singleton key), woken by the outbox's NOTIFY
// and a periodic check. A drain that fails (project unreachable) queues the next one with a
// backoff capped at maxBackoffSeconds; the outbox rows stay until the project has them.
import type { SupabaseClient } from "@supabase/supabase-js";
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import { drainOutbox } from "@/lib/supabase/outbox";

export const OUTBOX_QUEUE = "cc-supabase-outbox";
const SINGLETON = "drain";

export interface OutboxWorkerOptions {
  databaseUrl: string;
  sql: Sql;
  client: SupabaseClient;
  logger: Logger;
  maxBackoffSeconds?: number;
  /** How often pending rows are looked for without a NOTIFY (e.g. left by a crash). */
  checkIntervalMs?: number;
}

export interface OutboxWorker {
  /** Asks for a drain now (a no-op while one is already queued). */
  kick(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOutboxWorker(options: OutboxWorkerOptions): Promise<OutboxWorker> {
  const logger = options.logger.child({ component: "supabase-outbox" });
  const maxBackoff = options.maxBackoffSeconds ?? 15;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: "pgboss",
    max: 2,
    application_name: "elf-control-center-supabase-outbox",
    schedule: false,
  });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  await boss.createQueue(OUTBOX_QUEUE, { name: OUTBOX_QUEUE, policy: "stately", retryLimit: 0 });

  const workers: string[] = [];
  let stopped = false;
  const send = async (failures = 0, delaySeconds = 0) => {
    if (stopped) return;
    await boss.send(
      OUTBOX_QUEUE,
      { failures },
      {
        singletonKey: SINGLETON,
        retryLimit: 0,
        ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}),
      },
    );
    if (delaySeconds === 0) for (const id of workers) boss.notifyWorker(id);
  };

  const workerId = await boss.work<{ failures?: number }>(
    OUTBOX_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 1 },
    async ([job]) => {
      const failures = job?.data.failures ?? 0;
      try {
        const outcome = await drainOutbox(options.client, options.sql);
        if (outcome.sent > 0 || outcome.setAside > 0) logger.debug(outcome, "outbox drained");
        if (outcome.setAside > 0)
          logger.error(outcome, "the Supabase project refused some rows; they are kept aside");
        if (failures > 0) logger.info("Supabase project reachable again; outbox drained");
      } catch (error) {
        const delay = Math.min(maxBackoff, 2 ** failures);
        if (failures === 0 || delay === maxBackoff)
          logger.warn({ err: error, retry_in_s: delay }, "could not write the outbox to Supabase");
        await send(failures + 1, delay);
      }
    },
  );

  workers.push(workerId);

  let kickTimer: NodeJS.Timeout | undefined;
  const kickSoon = () => {
    kickTimer ??= setTimeout(() => {
      kickTimer = undefined;
      send().catch((error: unknown) => logger.error({ err: error }, "could not queue a drain"));
    }, 20);
  };
  const subscription = await options.sql.listen("cc_supabase_outbox", kickSoon);
  const check = setInterval(async () => {
    try {
      const [row] = await options.sql`
        SELECT 1 FROM cc_supabase_outbox WHERE failed_at IS NULL LIMIT 1`;
      if (row) kickSoon();
    } catch (error) {
      logger.warn({ err: error }, "could not look at the outbox");
    }
  }, options.checkIntervalMs ?? 10_000).unref();
  await send();

  return {
    kick: () => send(),
    async stop() {
      stopped = true;
      clearInterval(check);
      clearTimeout(kickTimer);
      await subscription.unlisten().catch(() => {});
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
