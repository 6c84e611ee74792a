// Who may chat with which team: the one check behind the token route and the chat socket.
import "server-only";
import type { Role } from "../auth/roles";
import { teamNameSchema } from "../protocol/delegation";
import type { Sql } from "../db/client";
import { AppError } from "../errors";
import type { ChatUnavailableReason, Team } from "../teams/schemas";
import { readTeam } from "../teams/service";

/** A team by its registry name (a slug for the seeded teams, but ELF allows any text). */
export const teamSlugSchema = teamNameSchema;

const REFUSALS: Record<ChatUnavailableReason, string> = {
  not_top_level: "Chat is only available with top-level teams.",
  chat_disabled: "Chat is not enabled for this team.",
  team_inactive: "This team is not active.",
  no_manager: "This team has no manager to chat with.",
  role_not_allowed: "Your role is not allowed to chat with this team.",
};

/** The team, when this role may chat with it; otherwise a 404 or a 403 with the reason as code. */
export async function authorizeChat(sql: Sql, slug: string, role: Role): Promise<Team> {
  return (await readChatTeam(sql, slug))(role);
}

/**
 * Reads the team once and returns the check for a role, so a caller that reads the user at the
 * same time (the chat handshake) asks both in one round trip.
 */
export async function readChatTeam(sql: Sql, slug: string): Promise<(role: Role) => Team> {
  return chatTeamCheck(slug, await readTeam(sql, slug));
}

/** The check for a role, given the team as each role sees it (null when there is no such team). */
export function chatTeamCheck(
  slug: string,
  teamFor: (role: Role) => Team | null,
): (role: Role) => Team {
  return (role) => {
    const team = teamFor(role);
    if (!team)
      throw new AppError("not_found", `There is no team called ${slug}.`, "team_not_found");
    const reason = team.chat_unavailable_reason;
    if (reason) throw new AppError("forbidden", REFUSALS[reason], reason);
    return team;
  };
}
