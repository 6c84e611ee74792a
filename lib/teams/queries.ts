import "server-only";
import type { Db, Sql } from "../db/client";
import { healthColumn } from "./health";
import { storedChatConfigSchema, teamRowSchema, type ChatConfig, type TeamRow } from "./schemas";

/** Every team with its manager, member count and reporting line, in one round trip. */
export async function selectTeamRows(sql: Sql, filter: { name?: string } = {}): Promise<TeamRow[]> {
  const rows = await sql`
    SELECT t.id::text, t.name, t.display_name, t.department, t.placement, t.purpose, t.framework,
      t.llm_provider, t.llm_model, t.status, t.is_top_level, t.enable_chat_interface,
      t.chat_config, t.metadata, t.created_at, t.updated_at,
      mgr.manager,
      coalesce(mem.member_count, 0)::int AS member_count,
      coalesce(mem.member_roles, '{}') AS member_roles,
      rel.parent,
      ${healthColumn(sql, { withUrl: false })}
    FROM teams t
    LEFT JOIN cc_team_health h ON h.team_id = t.id
    LEFT JOIN LATERAL (
      SELECT json_build_object('id', m.id::text, 'role', m.role) AS manager
      FROM team_members m WHERE m.team_id = t.id AND m.is_manager
      ORDER BY m.created_at, m.role LIMIT 1
    ) mgr ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS member_count, array_agg(m.role::text) AS member_roles
      FROM team_members m WHERE m.team_id = t.id
    ) mem ON true
    LEFT JOIN LATERAL (
      SELECT json_build_object('type', r.parent_entity_type, 'name', r.parent_entity_name) AS parent
      FROM team_relationships r
      WHERE r.child_team_id = t.id AND coalesce(r.relationship_type, 'reports_to') = 'reports_to'
      ORDER BY r.created_at LIMIT 1
    ) rel ON true
    ${filter.name === undefined ? sql`` : sql`WHERE t.name = ${filter.name}`}
    ORDER BY t.display_name, t.name`;
  return rows.map((row) => teamRowSchema.parse(row));
}

/** How the team's manager is reached, when it is not the built-in one. */
export const MANAGER_KINDS = ["builtin", "elf", "a2a"] as const;
export type ManagerEndpoint = { kind: (typeof MANAGER_KINDS)[number]; url: string | null };

export async function selectManagerEndpoint(
  sql: Db,
  teamId: string,
): Promise<ManagerEndpoint | null> {
  const [row] = await sql<ManagerEndpoint[]>`
    SELECT kind, url FROM cc_team_managers WHERE team_id = ${teamId}`;
  return row ?? null;
}

/**
 * The ELF team server that answers for a team, or null for the built-in manager. The one rule
 * for chat and dispatch alike: TEAM_SERVER_URLS wins, then the team's cc_team_managers row.
 */
export async function resolveTeamServerUrl(
  sql: Db,
  teamServerUrls: Record<string, string>,
  team: { id: string | null; name: string },
  /** The team's cc_team_managers row when the caller has it (null: none); read when absent. */
  known?: ManagerEndpoint | null,
): Promise<string | null> {
  const configured = teamServerUrls[team.name];
  if (configured) return configured;
  const endpoint =
    known !== undefined ? known : team.id ? await selectManagerEndpoint(sql, team.id) : null;
  return endpoint?.kind === "elf" && endpoint.url ? endpoint.url.replace(/\/+$/, "") : null;
}

/** The team's chat_config as it is now, with ELF's defaults for missing keys (admins may change it mid-session). */
export async function selectChatConfig(sql: Db, teamId: string): Promise<ChatConfig> {
  const [row] = await sql<
    { chat_config: unknown }[]
  >`SELECT chat_config FROM teams WHERE id = ${teamId}`;
  return storedChatConfigSchema.parse(row?.chat_config);
}
