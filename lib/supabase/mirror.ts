// ELF's registry, read from the project through supabase-js and mirrored into the local database
// the pages read: rows are upserted by id and rows gone from the project are removed, in one
// transaction. Teams whose row, members or reporting line changed are announced on the change
// bus, as any outside change is, so open pages and chats follow.
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Db, Sql } from "../db/client";
import { publishChange } from "../events/bus";
import { unwrap } from "./errors";
import { REGISTRY_TABLES } from "./tables";

type Row = Record<string, unknown>;
const PAGE = 1000; // Supabase's default max-rows
const MIRROR_LOCK = "cc:supabase-mirror";

export interface RegistrySnapshot {
  teams: Row[];
  team_members: Row[];
  team_relationships: Row[];
  executive_management: Row[];
}

async function readTable(
  client: SupabaseClient,
  table: keyof typeof REGISTRY_TABLES,
  retry: boolean,
): Promise<Row[]> {
  const columns = REGISTRY_TABLES[table];
  const order = columns[0];
  const rows: Row[] = [];
  for (let from = 0; ; from += PAGE) {
    const page = unwrap(
      await client
        .from(table)
        .select(columns.join(","))
        .order(order)
        .range(from, from + PAGE - 1)
        .retry(retry),
      `reading ${table}`,
    ) as unknown as Row[];
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

/** The registry as the project holds it now; throws SupabaseRequestError when it cannot be read. */
export async function readRegistry(
  client: SupabaseClient,
  options: { retry?: boolean } = {},
): Promise<RegistrySnapshot> {
  const retry = options.retry ?? false;
  return {
    teams: await readTable(client, "teams", retry),
    team_members: await readTable(client, "team_members", retry),
    team_relationships: await readTable(client, "team_relationships", retry),
    executive_management: await readTable(client, "executive_management", retry),
  };
}

/** One hash per team over what the pages show of it: its ELF row, members and reporting lines. */
async function fingerprints(sql: Db): Promise<Map<string, string>> {
  const rows = await sql<{ name: string; fp: string }[]>`
    SELECT t.name, md5(concat_ws('|', t.id, t.display_name, t.department, t.placement, t.purpose,
      t.framework, t.llm_provider, t.llm_model, t.status, t.metadata::text, t.is_top_level,
      t.enable_chat_interface, t.chat_config::text,
      (SELECT string_agg(concat_ws(',', m.id, m.role, m.is_manager, m.responsibilities::text,
          m.skills::text, m.system_prompt), ';' ORDER BY m.id)
        FROM team_members m WHERE m.team_id = t.id),
      (SELECT string_agg(concat_ws(',', r.id, r.parent_entity_type, r.parent_entity_name,
          r.relationship_type), ';' ORDER BY r.id)
        FROM team_relationships r WHERE r.child_team_id = t.id))) AS fp
    FROM teams t`;
  return new Map(rows.map((row) => [row.name, row.fp]));
}

const quote = (name: string) => `"${name}"`;

/** Inserts or updates rows by id; a row that is already the same is left alone (no trigger runs). */
async function upsertById(sql: Db, table: string, columns: readonly string[], rows: Row[]) {
  if (rows.length === 0) return;
  const cols = columns.map(quote).join(", ");
  const compared = columns.filter((c) => c !== "id" && c !== "created_at" && c !== "updated_at");
  const updated = columns.filter((c) => c !== "id");
  await sql.unsafe(
    `INSERT INTO ${quote(table)} (${cols})
     SELECT ${cols} FROM json_populate_recordset(NULL::${quote(table)}, $1::text::json)
     ON CONFLICT (id) DO UPDATE SET (${updated.map(quote).join(", ")}) =
       ROW(${updated.map((c) => `EXCLUDED.${quote(c)}`).join(", ")})
     WHERE (${compared.map((c) => `${quote(table)}.${quote(c)}`).join(", ")}) IS DISTINCT FROM
       (${compared.map((c) => `EXCLUDED.${quote(c)}`).join(", ")})`,
    [JSON.stringify(rows)],
  );
}

/** Makes the local registry what the snapshot says; returns the slugs of teams that changed. */
export async function applyRegistry(sql: Sql, snapshot: RegistrySnapshot): Promise<string[]> {
  const teamIds = snapshot.teams.map((t) => String(t.id));
  const known = new Set(teamIds);
  const members = snapshot.team_members.filter((m) => known.has(String(m.team_id)));
  const relationships = snapshot.team_relationships.filter((r) =>
    known.has(String(r.child_team_id)),
  );
  const executives = snapshot.executive_management.filter(
    (e) => e.managed_team_id == null || known.has(String(e.managed_team_id)),
  );
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${MIRROR_LOCK}))`;
    const before = await fingerprints(tx);
    // Removed first, so a team recreated under a name that was in use here takes it over.
    await tx`DELETE FROM teams WHERE NOT (id = ANY(${teamIds}::uuid[]))`;
    await upsertById(tx, "teams", REGISTRY_TABLES.teams, snapshot.teams);
    await tx`DELETE FROM team_members WHERE NOT (id = ANY(${members.map((m) => String(m.id))}::uuid[]))`;
    await upsertById(tx, "team_members", REGISTRY_TABLES.team_members, members);
    await tx`DELETE FROM team_relationships WHERE NOT (id = ANY(${relationships.map((r) => String(r.id))}::uuid[]))`;
    await upsertById(tx, "team_relationships", REGISTRY_TABLES.team_relationships, relationships);
    // No id in ELF's contract for this one: it is small, so it is replaced whole.
    await tx`DELETE FROM executive_management`;
    if (executives.length > 0) {
      await tx.unsafe(
        `INSERT INTO executive_management (executive_role, executive_team, managed_team_id)
         SELECT executive_role, coalesce(executive_team, 'executive-team'), managed_team_id
         FROM json_populate_recordset(NULL::executive_management, $1::text::json)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(executives)],
      );
    }
    const after = await fingerprints(tx);
    const changed = new Set<string>();
    for (const [name, fp] of after) if (before.get(name) !== fp) changed.add(name);
    for (const name of before.keys()) if (!after.has(name)) changed.add(name);
    return [...changed].sort();
  });
}

/** Reads the project and mirrors it; announces the teams that changed. */
export async function refreshMirror(
  client: SupabaseClient,
  sql: Sql,
  options: { retry?: boolean } = {},
): Promise<{ teams: number; changed: string[] }> {
  const snapshot = await readRegistry(client, options);
  const changed = await applyRegistry(sql, snapshot);
  for (const team of changed) await publishChange(sql, { type: "team_changed", team });
  return { teams: snapshot.teams.length, changed };
}
