// The fleet's shared state in the PostgreSQL every instance already uses, when no Redis is given:
// the Socket.IO PostgreSQL adapter (LISTEN/NOTIFY, with heartbeats between instances), leases
// and connection entries in tables (migration 0011), and RateLimiterPostgres. Taking and giving up
// a lease, and admitting and uncounting a socket, go through the instance's group commit: a deploy
// reconnects every tab at once, and each would otherwise cost a commit of its own.
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { Logger } from "pino";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { APPLICATION_NAME, type Sql } from "@/lib/db/client";
import type { GroupCommit } from "@/lib/db/group-commit";
import { localFirst } from "./local-first";
import type { Coordination } from "./types";

/** RateLimiterPostgres's rows (migration 0012). */
const RATE_LIMIT_TABLE = "cc_chat_rate_limits";

export function createPostgresStore(
  databaseUrl: string,
  sql: Sql,
  writes: GroupCommit,
  instanceId: string,
  logger: Logger,
): Coordination {
  // The adapter and the rate limiter speak node-postgres; a small pool of their own.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    application_name: `${APPLICATION_NAME}:fleet`.slice(0, 63),
  });
  pool.on("error", (error) => logger.warn({ err: error }, "fleet pool: connection error"));
  // The pool's "error" covers idle clients only; the adapter keeps one checked out for LISTEN, and
  // an error on it (the database restarted, the backend was terminated) would be uncaught. The
  // adapter reconnects on the "end" that follows.
  pool.on("connect", (client) =>
    client.on("error", (error) => logger.warn({ err: error }, "fleet pool: connection lost")),
  );
  const ms = (value: number) => `${Math.round(value)} milliseconds`;
  let adapter: ReturnType<typeof createAdapter> | undefined;

  return {
    kind: "postgres",
    instanceId,
    // Made on first use: the adapter's LISTEN connection exists only once Socket.IO does, and
    // closing Socket.IO gives it back, so the pool can end.
    adapter: localFirst((nsp) =>
      (adapter ??= createAdapter(pool, {
        channelPrefix: "cc_socket_io",
        heartbeatInterval: 2_000,
        heartbeatTimeout: 5_000,
        errorHandler: (error) => logger.warn({ err: error }, "socket.io postgres adapter failed"),
      }))(nsp),
    ),
    leases: {
      async acquire(key, ttlMs) {
        const rows = await writes.run(
          (db) => db`
          INSERT INTO cc_leases (key, holder, expires_at)
          VALUES (${key}, ${instanceId}, now() + ${ms(ttlMs)}::interval)
          ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE cc_leases.holder = excluded.holder OR cc_leases.expires_at < now()
          RETURNING holder`,
        );
        return rows.length === 1;
      },
      async renew(keys, ttlMs) {
        if (keys.length === 0) return new Set();
        const rows = await sql<{ key: string }[]>`
          UPDATE cc_leases SET expires_at = now() + ${ms(ttlMs)}::interval
          WHERE holder = ${instanceId} AND key = ANY(${keys}) AND expires_at >= now()
          RETURNING key`;
        return new Set(rows.map((row) => row.key));
      },
      async release(key) {
        await writes.run(
          (db) => db`DELETE FROM cc_leases WHERE key = ${key} AND holder = ${instanceId}`,
        );
      },
    },
    connections: {
      async add(userId, socketKey, ttlMs) {
        // One statement (migration 0015): the user's lock, then the expired entries dropped, this
        // socket's entry written and the user's entries counted, each read after the lock, so two
        // of a user's sockets admitted at once on two instances count each other.
        // In a batch, the user's lock is held until the batch commits (group-commit.ts).
        const [row] = await writes.run(
          (db) => db<{ count: number }[]>`
            SELECT cc_admit_chat_connection(${userId}, ${socketKey}, ${ms(ttlMs)}::interval) AS count`,
        );
        return row?.count ?? 0;
      },
      async remove(_userId, socketKey) {
        await writes.run(
          (db) => db`DELETE FROM cc_chat_connections WHERE socket_key = ${socketKey}`,
        );
      },
      async heartbeat(entries, ttlMs) {
        if (entries.length === 0) return;
        await sql`
          UPDATE cc_chat_connections SET expires_at = now() + ${ms(ttlMs)}::interval
          WHERE socket_key = ANY(${entries.map((e) => e.socketKey)})`;
      },
    },
    rateLimiter: (options) =>
      new RateLimiterPostgres({
        storeClient: pool,
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        clearExpiredByTimeout: false,
        ...options,
      }),
    rateLimitTable: RATE_LIMIT_TABLE,
    async close() {
      // pool.end() waits for every client; one still held (Socket.IO never closed) must not hang us.
      await Promise.race([
        pool.end(),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
    },
  };
}
