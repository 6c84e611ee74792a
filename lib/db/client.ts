// One PostgreSQL pool per process (postgres.js), shared through globalThis by every module graph.
import "server-only";
import { hostname } from "node:os";
import postgres from "postgres";
import { getRuntime } from "../runtime";

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;
/** Anything that runs queries: the pool or a transaction. */
export type Db = Sql | TransactionSql;

const GLOBAL_KEY = Symbol.for("elf-cc.db");
type Holder = { [GLOBAL_KEY]?: Sql };

/** Supabase's transaction pooler (port 6543 / pgbouncer=true) cannot use prepared statements. */
export function usesTransactionPooler(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.port === "6543" || parsed.searchParams.get("pgbouncer") === "true";
  } catch {
    return false;
  }
}

/** How this process's connections are named in pg_stat_activity: which host and process, at a glance. */
export const APPLICATION_NAME = `elf-control-center@${hostname()}:${process.pid}`.slice(0, 63);

/**
 * `holdsLocks`: for a connection that keeps a session-level advisory lock between queries, which is
 * never closed for being idle or old (either would silently drop the lock).
 */
export function createDb(url: string, options: { max?: number; holdsLocks?: boolean } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: options.holdsLocks ? 0 : 30,
    ...(options.holdsLocks ? { max_lifetime: null } : {}),
    connect_timeout: 10,
    prepare: !usesTransactionPooler(url),
    onnotice: () => {},
    connection: { application_name: APPLICATION_NAME },
  });
}

export function getDb(): Sql {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= createDb(getRuntime().databaseUrl);
  return holder[GLOBAL_KEY];
}

export function setDb(sql: Sql): void {
  (globalThis as Holder)[GLOBAL_KEY] = sql;
}
