// The team directory's rules: the chat badge (product.md §3) and the reporting tree.
import "server-only";
import type { Role } from "../auth/roles";
import type { Sql } from "../db/client";
import { selectTeamRows } from "./queries";
import type { ChatUnavailableReason, ListTeamsQuery, Team, TeamNode, TeamRow } from "./schemas";

const EXECUTIVE_TEAM = "executive-team";

/** Why a role may not chat with a team, or null when it may. Checked in the order users can act on. */
export function chatUnavailableReason(
  team: Pick<
    TeamRow,
    "is_top_level" | "enable_chat_interface" | "status" | "manager" | "chat_config"
  >,
  role: Role,
): ChatUnavailableReason | null {
  if (!team.is_top_level) return "not_top_level";
  if (!team.enable_chat_interface) return "chat_disabled";
  if (team.status !== "active") return "team_inactive";
  if (!team.manager) return "no_manager";
  if (!team.chat_config.allowed_roles.includes(role)) return "role_not_allowed";
  return null;
}

/**
 * Resolves a reporting line to a team slug: a team parent by name; an executive title to the team
 * with a member holding it, and any other C-level title to the executive team.
 */
function resolveParent(
  slug: string,
  parent: NonNullable<TeamRow["parent"]>,
  bySlug: Map<string, TeamRow>,
  byMemberRole: Map<string, string>,
): string | null {
  if (parent.type === "team") return bySlug.has(parent.name) ? parent.name : null;
  const holder = byMemberRole.get(parent.name.toLowerCase());
  if (holder && holder !== slug) return holder;
  if (/^chief\b/i.test(parent.name) && bySlug.has(EXECUTIVE_TEAM) && slug !== EXECUTIVE_TEAM) {
    return EXECUTIVE_TEAM;
  }
  return null;
}

export function toTeams(rows: TeamRow[], role: Role): Team[] {
  const bySlug = new Map(rows.map((r) => [r.name, r]));
  const byMemberRole = new Map<string, string>();
  for (const row of rows) {
    for (const memberRole of row.member_roles) {
      const key = memberRole.toLowerCase();
      // Prefer the executive team when a title appears in several teams.
      if (!byMemberRole.has(key) || row.name === EXECUTIVE_TEAM) byMemberRole.set(key, row.name);
    }
  }
  return rows.map(({ member_roles: _roles, parent, created_at, updated_at, ...row }) => {
    const reason = chatUnavailableReason(row, role);
    return {
      ...row,
      created_at: created_at?.toISOString() ?? null,
      updated_at: updated_at?.toISOString() ?? null,
      parent: parent && { ...parent, team: resolveParent(row.name, parent, bySlug, byMemberRole) },
      chat_available: reason === null,
      chat_unavailable_reason: reason,
    };
  });
}

/** Nests teams under their resolved parents; a cycle or a missing parent leaves a team at the root. */
export function buildTeamTree(teams: Team[]): TeamNode[] {
  const nodes = new Map(teams.map((team) => [team.name, { team, children: [] as TeamNode[] }]));
  const roots: TeamNode[] = [];
  for (const node of nodes.values()) {
    const parentSlug = node.team.parent?.team;
    const parent = parentSlug ? nodes.get(parentSlug) : undefined;
    if (parent && !isAncestor(node.team.name, parentSlug!, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function isAncestor(slug: string, of: string, nodes: Map<string, TeamNode>): boolean {
  const seen = new Set<string>();
  for (
    let cursor: string | null | undefined = of;
    cursor;
    cursor = nodes.get(cursor)?.team.parent?.team
  ) {
    if (cursor === slug) return true;
    if (seen.has(cursor)) return false;
    seen.add(cursor);
  }
  return false;
}

export async function listTeamsForRole(
  sql: Sql,
  role: Role,
  query: ListTeamsQuery = {},
): Promise<Team[]> {
  const teams = toTeams(await selectTeamRows(sql), role);
  return teams.filter(
    (team) =>
      (query.status === undefined || team.status === query.status) &&
      (query.department === undefined || team.department === query.department) &&
      (query.chat === undefined ||
        (query.chat === "available" ? team.chat_available : team.enable_chat_interface)),
  );
}

export async function findTeamForRole(sql: Sql, slug: string, role: Role): Promise<Team | null> {
  return (await readTeam(sql, slug))(role);
}

/**
 * Reads the team once and returns its view for a role, so a caller that learns the role at the
 * same time (the chat handshake reads the user alongside) needs no second round trip.
 */
export async function readTeam(sql: Sql, slug: string): Promise<(role: Role) => Team | null> {
  // The parent needs the whole registry to resolve; a single-team lookup skips it.
  const [row] = await selectTeamRows(sql, { name: slug });
  return (role) => (row ? (toTeams([row], role)[0] ?? null) : null);
}
