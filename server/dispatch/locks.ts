// Which subtask a live job is working on: a session advisory lock per subtask, on a connection of
// the dispatcher's own. A job that dies takes its connection, and so its lock, with it.
import { createDb } from "@/lib/db/client";

const LOCK_NAMESPACE = 727_010;

export interface SubtaskLocks {
  /** The lock's release, or null when another live job holds the subtask. */
  tryLock(subtaskId: string): Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}

export function createSubtaskLocks(databaseUrl: string, max: number): SubtaskLocks {
  const sql = createDb(databaseUrl, { max });
  return {
    async tryLock(subtaskId) {
      const connection = await sql.reserve();
      try {
        const [row] = await connection<
          { locked: boolean }[]
        >`SELECT pg_try_advisory_lock(${LOCK_NAMESPACE}, hashtext(${subtaskId})) AS locked`;
        if (!row?.locked) {
          connection.release();
          return null;
        }
      } catch (error) {
        connection.release();
        throw error;
      }
      return async () => {
        try {
          await connection`SELECT pg_advisory_unlock(${LOCK_NAMESPACE}, hashtext(${subtaskId}))`;
        } finally {
          connection.release();
        }
      };
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
