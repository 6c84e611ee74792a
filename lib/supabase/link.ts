// The local record of the project this database mirrors (cc_supabase_link) and what the admin
// page shows of it: the project, the key's kind, when the registry was last read, whether it is
// stale, and how far behind the project is on conversations (the outbox).
import "server-only";
import type { Db } from "../db/client";

export interface SupabaseLink {
  project_host: string;
  key_kind: string;
  last_refresh_at: Date | null;
  last_attempt_at: Date | null;
  last_error: string | null;
}

/** Links this database to the project (and turns the outbox on). */
export async function linkProject(
  sql: Db,
  project: { host: string; keyKind: string },
): Promise<SupabaseLink | null> {
  const [previous] = await sql<SupabaseLink[]>`SELECT * FROM cc_supabase_link`;
  await sql`
    INSERT INTO cc_supabase_link (project_host, key_kind) VALUES (${project.host}, ${project.keyKind})
    ON CONFLICT (singleton) DO UPDATE SET project_host = EXCLUDED.project_host,
      key_kind = EXCLUDED.key_kind, enabled = true`;
  return previous ?? null;
}

/** Stops queueing conversations for a project (the database is used without Supabase again). */
export async function unlinkProject(sql: Db): Promise<void> {
  await sql`UPDATE cc_supabase_link SET enabled = false`;
}

export async function recordRefresh(sql: Db, error: string | null): Promise<void> {
  await sql`
    UPDATE cc_supabase_link SET last_attempt_at = now(), last_error = ${error},
      last_refresh_at = CASE WHEN ${error}::text IS NULL THEN now() ELSE last_refresh_at END`;
}

export interface SupabaseStatus extends SupabaseLink {
  /** The last read of the registry failed: pages show the mirror as it was then. */
  stale: boolean;
  outbox: { pending: number; oldest_at: Date | null; failed: number; last_error: string | null };
}

/** Null unless this database is linked to a project (Supabase mode). */
export async function readSupabaseStatus(sql: Db): Promise<SupabaseStatus | null> {
  const [link] = await sql<SupabaseLink[]>`
    SELECT project_host, key_kind, last_refresh_at, last_attempt_at, last_error
    FROM cc_supabase_link WHERE enabled`;
  if (!link) return null;
  const [outbox] = await sql<SupabaseStatus["outbox"][]>`
    SELECT count(*) FILTER (WHERE failed_at IS NULL)::int AS pending,
      min(enqueued_at) FILTER (WHERE failed_at IS NULL) AS oldest_at,
      count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed,
      (SELECT last_error FROM cc_supabase_outbox WHERE last_error IS NOT NULL ORDER BY seq LIMIT 1) AS last_error
    FROM cc_supabase_outbox`;
  return {
    ...link,
    stale: link.last_error !== null || link.last_refresh_at === null,
    outbox: outbox ?? { pending: 0, oldest_at: null, failed: 0, last_error: null },
  };
}
