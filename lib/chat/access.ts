// Who may chat with which team: the one check behind the token route and the chat socket.
import "server-only";
import { z } from "zod";
import type { Role } from "../auth/roles";
import type { Sql } from "../db/client";
import { AppError } from "../errors";
import type { ChatUnavailableReason, Team } from "../teams/schemas";
import { findTeamForRole } from "../teams/service";

export const teamSlugSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "is not a team slug");

const REFUSALS: Record<ChatUnavailableReason, string> = {
  not_top_level: "Chat is only available with top-level teams.",
  chat_disabled: "Chat is not enabled for this team.",
  team_inactive: "This team is not active.",
  no_manager: "This team has no manager to chat with.",
  role_not_allowed: "Your role is not allowed to chat with this team.",
};

/** The team, when this role may chat with it; otherwise a 404 or a 403 with the reason as code. */
export async function authorizeChat(sql: Sql, slug: string, role: Role): Promise<Team> {
  const team = await findTeamForRole(sql, slug, role);
  if (!team) throw new AppError("not_found", `There is no team called ${slug}.`, "team_not_found");
  const reason = team.chat_unavailable_reason;
  if (reason) throw new AppError("forbidden", REFUSALS[reason], reason);
  return team;
}
