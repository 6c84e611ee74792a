// Group commit: the chat's writes from many sessions (a user's message, a reply, a manager's plan)
// committed together. A commit costs PostgreSQL about 0.2 ms of CPU on these machines, as much as
// the statement itself: three per chat message were a third of what PostgreSQL spent on it
// (issue 15). A write that arrives while none is running runs at once on its own, as before; the
// writes that arrive meanwhile run next, in one transaction, their statements pipelined. So an idle
// server adds no wait, and a busy one commits many writes at a time.
//
// Each write still resolves only once it is committed. A batch commits only if every write in it
// succeeded; otherwise nothing of it was committed, and each write runs again on its own, as if it
// had never been batched, so one write's failure is never another's.
import "server-only";
import type { Db, Sql } from "./client";

/** One write: its statements run on `db`, which may be a transaction shared with other writes. */
export type Write<T> = (db: Db) => Promise<T>;

export interface GroupCommit {
  run<T>(write: Write<T>): Promise<T>;
}

interface Pending {
  write: Write<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

class BatchFailed extends Error {}

/** A batch is one transaction: bounded, so that no write waits behind an unbounded one. */
const MAX_BATCH = 64;

export function createGroupCommit(sql: Sql): GroupCommit {
  const queue: Pending[] = [];
  let isRunning = false;

  async function runAlone(pending: Pending): Promise<void> {
    try {
      pending.resolve(await pending.write(sql));
    } catch (error) {
      pending.reject(error);
    }
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return runAlone(batch[0]!);
    let values: unknown[];
    try {
      values = await sql.begin(async (tx) => {
        // Every write is started before any is awaited: their statements go out pipelined.
        const outcomes = await Promise.allSettled(batch.map((pending) => pending.write(tx)));
        if (outcomes.some((outcome) => outcome.status === "rejected")) throw new BatchFailed();
        return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value);
      });
    } catch {
      // Rolled back: nothing of the batch was written.
      await Promise.all(batch.map(runAlone));
      return;
    }
    batch.forEach((pending, i) => pending.resolve(values[i]));
  }

  async function drain(): Promise<void> {
    isRunning = true;
    try {
      while (queue.length) await runBatch(queue.splice(0, MAX_BATCH));
    } finally {
      isRunning = false;
    }
  }

  return {
    run<T>(write: Write<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (!isRunning) void drain();
      });
    },
  };
}
