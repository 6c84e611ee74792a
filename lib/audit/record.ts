// Appends to ELF's team_audit_log: who did what to which team, with the details.
import "server-only";
import type { Db } from "../db/client";

/** Who made a change: a signed-in user, or a script (the CLI acts as {id: null, email: "cli:<os user>"}). */
export interface Actor {
  id: string | null;
  email: string;
}

export interface AuditEntry {
  teamId: string | null;
  action: string;
  description: string;
  performedBy: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(sql: Db, entry: AuditEntry): Promise<void> {
  await sql`
    WITH written AS (
      INSERT INTO team_audit_log (team_id, action, description, performed_by, details)
      VALUES (${entry.teamId}, ${entry.action}, ${entry.description}, ${entry.performedBy}, ${sql.json((entry.details ?? {}) as never)})
      RETURNING *
    )
    -- Sealed as written (migration 0010): a later change or removal shows in cc_audit_tampered.
    INSERT INTO cc_audit_seals (audit_id, entry) SELECT id::text, to_jsonb(written) - 'team_id' FROM written`;
}

/** The actor for a signed-in user's change. */
export function actorFor(user: { id: string; email: string }): Actor {
  return { id: user.id, email: user.email };
}
