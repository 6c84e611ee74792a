// Reading the audit log: filter by actor, team, action and time, newest first, for the admin page
// and its CSV / JSON export. There is no way to change an entry (a trigger refuses it, too).
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { Sql } from "../db/client";

const day = z.iso.date().or(z.iso.datetime({ offset: true }));
const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

export const auditQuerySchema = z.strictObject({
  actor: z.preprocess(blankToUndefined, z.string().trim().max(255).optional()),
  team: z.preprocess(blankToUndefined, z.string().trim().max(255).optional()),
  action: z.preprocess(blankToUndefined, z.string().trim().max(50).optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  /** Words in the entry's description or action. */
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
  /** Pages of `limit` entries, from 1 (the newest). */
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  format: z.enum(["json", "csv"]).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEntryRow {
  id: string;
  created_at: string;
  performed_by: string | null;
  action: string;
  team: string | null;
  description: string | null;
  details: Record<string, unknown>;
}

/** A date alone is a UTC day: "from" starts it and "to" includes all of it. */
const startOf = (value: string) => (value.length === 10 ? `${value}T00:00:00Z` : value);
const dayAfter = (value: string) =>
  new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000).toISOString();

const like = (text: string) => `%${text.replace(/[%_\\]/g, "\\$&")}%`;

function whereOf(sql: Sql, query: AuditQuery) {
  return sql`
    WHERE true
      ${query.actor ? sql`AND a.performed_by ILIKE ${like(query.actor)}` : sql``}
      ${query.team ? sql`AND t.name = ${query.team}` : sql``}
      ${query.action ? sql`AND a.action = ${query.action}` : sql``}
      ${query.q ? sql`AND (a.description ILIKE ${like(query.q)} OR a.action ILIKE ${like(query.q)})` : sql``}
      ${query.from ? sql`AND a.created_at >= ${startOf(query.from)}::timestamptz` : sql``}
      ${query.to ? (query.to.length === 10 ? sql`AND a.created_at < ${dayAfter(query.to)}::timestamptz` : sql`AND a.created_at <= ${query.to}::timestamptz`) : sql``}`;
}

export async function listAuditEntries(sql: Sql, query: AuditQuery): Promise<AuditEntryRow[]> {
  const rows = await sql<AuditEntryRow[]>`
    SELECT a.id::text, a.created_at, a.performed_by, a.action, t.name AS team, a.description, coalesce(a.details, '{}'::jsonb) AS details
    FROM team_audit_log a LEFT JOIN teams t ON t.id = a.team_id
    ${whereOf(sql, query)}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${query.limit} OFFSET ${(query.page - 1) * query.limit}`;
  return rows.map((row) => ({ ...row, created_at: new Date(row.created_at).toISOString() }));
}

/** How many entries match the filters, over all pages. */
export async function countAuditEntries(sql: Sql, query: AuditQuery): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM team_audit_log a LEFT JOIN teams t ON t.id = a.team_id
    ${whereOf(sql, query)}`;
  return row?.n ?? 0;
}

/** The actions and teams that appear in the log, for the filter menus. */
export async function auditFilterOptions(
  sql: Sql,
): Promise<{ actions: string[]; teams: string[] }> {
  const [actions, teams] = await Promise.all([
    sql<{ action: string }[]>`SELECT DISTINCT action FROM team_audit_log ORDER BY action`,
    sql<{ name: string }[]>`SELECT name FROM teams ORDER BY name`,
  ]);
  return { actions: actions.map((row) => row.action), teams: teams.map((row) => row.name) };
}

export function auditEntriesToCsv(entries: AuditEntryRow[]): string {
  return stringify(
    entries.map((entry) => ({ ...entry, details: JSON.stringify(entry.details) })),
    // escape_formulas: a cell starting with = + - @ must not run as a formula in a spreadsheet.
    {
      header: true,
      escape_formulas: true,
      columns: ["created_at", "performed_by", "action", "team", "description", "details", "id"],
    },
  );
}
