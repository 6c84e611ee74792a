// What a team's manager knows about its team: who is in it and which teams report to it.
import "server-only";
import type { Sql } from "../db/client";
import { selectTeamRows } from "./queries";
import type { SeedTeam } from "./seed-organisation";
import { toTeams } from "./service";

export interface MemberProfile {
  role: string;
  is_manager: boolean;
  skills: string[];
  responsibilities: string[];
}

export interface SubteamProfile {
  name: string;
  display_name: string;
  purpose: string;
  status: string;
  manager_role: string | null;
  /** Skills and responsibilities of its members, for routing work. */
  skills: string[];
}

export interface TeamProfile {
  name: string;
  display_name: string;
  department: string;
  purpose: string;
  manager_role: string;
  members: MemberProfile[];
  /** Teams that report to this one (directly, by the hierarchy of /teams). */
  subteams: SubteamProfile[];
  /** chat_config.enable_delegation_preview: whether the manager may propose plans; absent means yes (ELF's default). */
  delegation_preview?: boolean;
}

interface MemberRow extends MemberProfile {
  team: string;
}

/** Reads in progress, per database and team: callers that ask at once share one. */
const reading = new WeakMap<Sql, Map<string, Promise<TeamProfile | null>>>();

/**
 * The team's profile. Sessions opened at once (every tab reconnecting after a deploy) share one
 * read of the registry; a read that starts later sees what was committed before it.
 */
export function loadTeamProfile(sql: Sql, slug: string): Promise<TeamProfile | null> {
  let reads = reading.get(sql);
  if (!reads) reading.set(sql, (reads = new Map()));
  const pending = reads.get(slug);
  if (pending) return pending;
  const read = readTeamProfile(sql, slug).finally(() => reads.delete(slug));
  reads.set(slug, read);
  return read;
}

/** The team's profile as the registry is now, never shared with a read already under way. */
export async function readTeamProfile(sql: Sql, slug: string): Promise<TeamProfile | null> {
  const teams = toTeams(await selectTeamRows(sql), "admin");
  const team = teams.find((t) => t.name === slug);
  if (!team) return null;
  const childNames = teams
    .filter((t) => t.parent?.team === slug && t.name !== slug)
    .map((t) => t.name);
  const members = await sql<MemberRow[]>`
    SELECT t.name AS team, m.role, coalesce(m.is_manager, false) AS is_manager,
      coalesce(m.skills, '{}') AS skills, coalesce(m.responsibilities, '{}') AS responsibilities
    FROM team_members m JOIN teams t ON t.id = m.team_id
    WHERE t.name IN ${sql([slug, ...childNames])}
    ORDER BY m.is_manager DESC, m.role`;
  const membersOf = (name: string) => members.filter((m) => m.team === name);
  return {
    name: team.name,
    display_name: team.display_name,
    department: team.department,
    purpose: team.purpose ?? "",
    manager_role: team.manager?.role ?? "Manager",
    members: membersOf(slug).map(({ team: _t, ...m }) => m),
    subteams: teams
      .filter((t) => childNames.includes(t.name))
      .map((t) => ({
        name: t.name,
        display_name: t.display_name,
        purpose: t.purpose ?? "",
        status: t.status,
        manager_role: t.manager?.role ?? null,
        skills: [
          ...new Set(membersOf(t.name).flatMap((m) => [...m.skills, ...m.responsibilities])),
        ],
      })),
    delegation_preview: team.chat_config.enable_delegation_preview,
  };
}

/** The same profile built from the seed organisation, for a team server without a database. */
export function seedTeamProfile(teams: SeedTeam[], slug: string): TeamProfile | null {
  const team = teams.find((t) => t.name === slug);
  if (!team) return null;
  const holders = new Map(
    teams.flatMap((t) => t.members.map((m) => [m.role.toLowerCase(), t.name] as const)),
  );
  const parentOf = (t: SeedTeam) => {
    if (!t.reportsTo) return null;
    if (t.reportsTo.type === "team") return t.reportsTo.name;
    return (
      holders.get(t.reportsTo.name.toLowerCase()) ??
      (/^chief\b/i.test(t.reportsTo.name) ? "executive-team" : null)
    );
  };
  const toMember = (m: SeedTeam["members"][number]): MemberProfile => ({
    role: m.role,
    is_manager: m.isManager ?? false,
    skills: m.skills,
    responsibilities: m.responsibilities,
  });
  return {
    name: team.name,
    display_name: team.displayName,
    department: team.department,
    purpose: team.purpose,
    manager_role: team.members.find((m) => m.isManager)?.role ?? "Manager",
    members: team.members.map(toMember),
    subteams: teams
      .filter((t) => t.name !== slug && parentOf(t) === slug)
      .map((t) => ({
        name: t.name,
        display_name: t.displayName,
        purpose: t.purpose,
        status: "active",
        manager_role: t.members.find((m) => m.isManager)?.role ?? null,
        skills: [...new Set(t.members.flatMap((m) => [...m.skills, ...m.responsibilities]))],
      })),
  };
}
