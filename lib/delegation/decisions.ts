// Plans waiting on a person: every plan still open in one of their open sessions, across teams.
// A plan in an ended session can no longer be confirmed, so it waits on nobody.
import "server-only";
import { z } from "zod";
import type { Sql } from "../db/client";
import { planDraftSchema, type PlanDraft } from "../protocol";

const decisionRowSchema = z.object({
  plan_id: z.string(),
  version: z.number().int(),
  session_id: z.string(),
  team_name: z.string(),
  team_display_name: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
  draft: planDraftSchema,
});

export interface Decision {
  plan_id: string;
  version: number;
  session_id: string;
  team: { name: string; display_name: string };
  /** When the plan was first proposed, and when its latest version was made. */
  created_at: Date;
  updated_at: Date;
  plan: PlanDraft;
}

/** The plans awaiting this user's confirmation, the most recently changed first. */
export async function listAwaitingDecisions(sql: Sql, userId: string): Promise<Decision[]> {
  const rows = await sql`
    SELECT p.id::text AS plan_id, p.current_version AS version, p.session_id::text,
      t.name AS team_name, t.display_name AS team_display_name, p.created_at, p.updated_at, v.draft
    FROM cc_delegation_plans p
    JOIN team_chat_sessions s ON s.id = p.session_id AND s.ended_at IS NULL
    JOIN teams t ON t.id = p.team_id
    JOIN cc_delegation_plan_versions v ON v.plan_id = p.id AND v.version = p.current_version
    WHERE p.user_id = ${userId} AND p.status = 'proposed'
    ORDER BY p.updated_at DESC, p.id`;
  return rows.map((raw) => {
    const row = decisionRowSchema.parse(raw);
    return {
      plan_id: row.plan_id,
      version: row.version,
      session_id: row.session_id,
      team: { name: row.team_name, display_name: row.team_display_name },
      created_at: row.created_at,
      updated_at: row.updated_at,
      plan: row.draft,
    };
  });
}

/** The names of the teams where a plan awaits this user (the "Awaiting you" mark on /teams). */
export async function listTeamsAwaitingUser(sql: Sql, userId: string): Promise<Set<string>> {
  const rows = await sql<{ name: string }[]>`
    SELECT DISTINCT t.name
    FROM cc_delegation_plans p
    JOIN team_chat_sessions s ON s.id = p.session_id AND s.ended_at IS NULL
    JOIN teams t ON t.id = p.team_id
    WHERE p.user_id = ${userId} AND p.status = 'proposed'`;
  return new Set(rows.map((row) => row.name));
}
