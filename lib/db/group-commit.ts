// Group commit: the chat's writes from many sessions (a user's message, a reply, a manager's plan,
// a session opened and its greeting) committed together. A commit costs PostgreSQL about 0.2 ms of
// CPU on these machines, as much as the statement itself (issue 15). While a lane is free a write
// runs at once on its own, as before, so a lightly loaded server waits for nothing; writes that
// arrive while every lane is busy go next, together, in one transaction with their statements
// pipelined, so a busy server commits many at a time.
//
// Each write still resolves only once it is committed. A batch commits only if every write in it
// succeeded; when nothing of it was committed, each write runs again on its own, as if it had never
// been batched, so one write's failure is never another's. A batch that waits more than 50 ms for a
// lock gives way in the same manner, so a lock held elsewhere never holds up every session's
// writes. When COMMIT's outcome is unknown (the connection was lost during it), every write of the
// batch fails with that error, as a lone write would: running them again could store them twice.
import "server-only";
import postgres from "postgres";
import type { Db, Sql } from "./client";

/** One write: its statements run on `db`, which may be a transaction shared with other writes. */
type Write<T> = (db: Db) => Promise<T>;

export interface GroupCommit {
  run<T>(write: Write<T>): Promise<T>;
}

interface Pending {
  write: Write<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

class BatchFailed extends Error {}

/** How long a batch waits for a lock before it gives way (its writes then run alone). */
const BATCH_LOCK_TIMEOUT = "50ms";

/** A batch is one transaction: bounded, so that no write waits behind an unbounded one. */
const MAX_BATCH = 64;

/**
 * Writes or batches running at once. While fewer run, a write starts at once on its own, as it
 * did before batching (a lightly loaded server waits for nothing); once all are taken, writes wait
 * and go together in the next batch.
 */
const LANES = 2;

export function createGroupCommit(sql: Sql): GroupCommit {
  const queue: Pending[] = [];
  let running = 0;

  async function runAlone(pending: Pending): Promise<void> {
    try {
      pending.resolve(await pending.write(sql));
    } catch (error) {
      pending.reject(error);
    }
  }

  /**
   * Resolves with each write's value once committed, or with null when nothing was committed (a
   * write failed or waited too long for a lock, or the server refused the COMMIT). Rejects when
   * COMMIT's outcome is unknown (the connection was lost while it ran).
   */
  async function inOneTransaction(batch: Pending[]): Promise<unknown[] | null> {
    let committing = false;
    try {
      // postgres.js's transaction: a statement that fails, even one a write catches, rolls it all
      // back, and a connection lost on the way is not reused.
      return await sql.begin(async (tx) => {
        // A lock held elsewhere (another instance's batch, a confirmation) must not hold up every
        // session's writes, nor close a cycle: the batch gives way and its writes run alone.
        void tx`SELECT set_config('lock_timeout', ${BATCH_LOCK_TIMEOUT}, true)`.catch(() => {});
        // Every write is started before any is awaited: their statements go out pipelined.
        const outcomes = await Promise.allSettled(batch.map((pending) => pending.write(tx)));
        if (!outcomes.every((outcome) => outcome.status === "fulfilled")) throw new BatchFailed();
        committing = true;
        return outcomes.map((outcome) => outcome.value);
      });
    } catch (error) {
      if (!committing) return null; // never sent COMMIT: the server rolled the batch back
      // The server refused the COMMIT, so it rolled back; anything else leaves the outcome unknown.
      if (error instanceof postgres.PostgresError && error.severity === "ERROR") return null;
      throw error;
    }
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return runAlone(batch[0]!);
    let values: unknown[] | null;
    try {
      values = await inOneTransaction(batch);
    } catch (error) {
      // Perhaps committed: running the writes again could store them twice. Each fails, as a lone
      // write does when its connection is lost.
      for (const pending of batch) pending.reject(error);
      return;
    }
    // Nothing of the batch was written: each write runs again on its own.
    if (!values) await Promise.all(batch.map(runAlone));
    else batch.forEach((pending, i) => pending.resolve(values[i]));
  }

  async function lane(): Promise<void> {
    running += 1;
    try {
      while (queue.length) await runBatch(queue.splice(0, MAX_BATCH));
    } finally {
      running -= 1;
    }
  }

  return {
    run<T>(write: Write<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (running < LANES) void lane();
      });
    },
  };
}
