// Writes the outbox to the project: the queued chat sessions, messages, delegations and audit
// entries, in the order they were stored here (so a session reaches the project before its
// messages), each upserted by id so a repeat after a lost answer changes nothing. A row is sent
// as it is now, so several changes to it coalesce. Entries leave the outbox only once the project
// has the row; an outage leaves them queued, a row the project refuses is set aside (failed_at).
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Sql } from "../db/client";
import { SupabaseRequestError, unwrap } from "./errors";
import { isOutboxTable, OUTBOX_TABLES, type OutboxTable } from "./tables";

interface Entry {
  seq: string;
  table_name: string;
  row_id: string;
}

export interface DrainOutcome {
  sent: number;
  setAside: number;
}

/** Consecutive entries of one table, so order across tables is kept. */
function groupRuns(entries: Entry[]): { table: string; entries: Entry[] }[] {
  const groups: { table: string; entries: Entry[] }[] = [];
  for (const entry of entries) {
    const last = groups.at(-1);
    if (last && last.table === entry.table_name) last.entries.push(entry);
    else groups.push({ table: entry.table_name, entries: [entry] });
  }
  return groups;
}

async function readRows(
  sql: Sql,
  table: OutboxTable,
  ids: string[],
): Promise<Record<string, unknown>[]> {
  const columns = OUTBOX_TABLES[table];
  // Each row as PostgreSQL writes it in JSON, the form PostgREST takes: a timestamp keeps its
  // microseconds (a JavaScript Date would cut them to milliseconds, and messages stored within
  // one millisecond would then be ordered by their random ids in the project).
  const selected = await sql.unsafe<{ row: Record<string, unknown> }[]>(
    `SELECT to_jsonb(r) AS row FROM (SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}" WHERE id = ANY($1::uuid[])) r`,
    [ids],
  );
  const rows = selected.map(({ row }) => row);
  const byId = new Map(rows.map((row) => [String(row.id), row]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

async function upsert(client: SupabaseClient, table: string, rows: Record<string, unknown>[]) {
  unwrap(await client.from(table).upsert(rows, { onConflict: "id" }), `writing ${table}`);
}

const done = (sql: Sql, seqs: string[]) =>
  sql`DELETE FROM cc_supabase_outbox WHERE seq = ANY(${seqs}::bigint[])`;

/** Sends one run; throws a SupabaseRequestError when the project cannot take it now. */
async function sendRun(
  client: SupabaseClient,
  sql: Sql,
  table: OutboxTable,
  entries: Entry[],
): Promise<DrainOutcome> {
  const ids = [...new Set(entries.map((e) => e.row_id))];
  const rows = await readRows(sql, table, ids);
  const seqs = entries.map((e) => e.seq);
  try {
    if (rows.length > 0) await upsert(client, table, rows);
    await done(sql, seqs);
    return { sent: rows.length, setAside: 0 };
  } catch (error) {
    if (!(error instanceof SupabaseRequestError) || error.kind !== "rejected") throw error;
  }
  // The project refused the batch's data: find the rows it refuses and set only those aside.
  let sent = 0;
  let setAside = 0;
  for (const row of rows) {
    const rowSeqs = entries.filter((e) => e.row_id === String(row.id)).map((e) => e.seq);
    try {
      await upsert(client, table, [row]);
      sent += 1;
      await done(sql, rowSeqs);
    } catch (error) {
      if (!(error instanceof SupabaseRequestError) || error.kind !== "rejected") throw error;
      setAside += 1;
      await sql`
        UPDATE cc_supabase_outbox SET failed_at = now(), attempts = attempts + 1, last_error = ${error.message}
        WHERE seq = ANY(${rowSeqs}::bigint[])`;
    }
  }
  return { sent, setAside };
}

/**
 * Sends everything queued, oldest first; resolves when the outbox is empty. Throws (leaving the
 * rest queued, the reason on its oldest entry) when the project is unreachable or refuses the key.
 */
export async function drainOutbox(
  client: SupabaseClient,
  sql: Sql,
  options: { batchSize?: number } = {},
): Promise<DrainOutcome> {
  const total: DrainOutcome = { sent: 0, setAside: 0 };
  for (;;) {
    const entries = await sql<Entry[]>`
      SELECT seq::text, table_name, row_id::text FROM cc_supabase_outbox
      WHERE failed_at IS NULL ORDER BY seq LIMIT ${options.batchSize ?? 200}`;
    if (entries.length === 0) return total;
    for (const run of groupRuns(entries)) {
      if (!isOutboxTable(run.table)) {
        await done(
          sql,
          run.entries.map((e) => e.seq),
        );
        continue;
      }
      try {
        const outcome = await sendRun(client, sql, run.table, run.entries);
        total.sent += outcome.sent;
        total.setAside += outcome.setAside;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await sql`
          UPDATE cc_supabase_outbox SET attempts = attempts + 1, last_error = ${message}
          WHERE seq = ${run.entries[0]!.seq}::bigint`;
        throw error;
      }
    }
  }
}
