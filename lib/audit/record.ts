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
  // Written and sealed as written by cc_record_audit (migration 0016), as a proposal writes its own.
  await sql`
    SELECT cc_record_audit(${entry.teamId}, ${entry.action}, ${entry.description}, ${entry.performedBy},
      ${sql.json((entry.details ?? {}) as never)})`;
}

/** The actor for a signed-in user's change. */
export function actorFor(user: { id: string; email: string }): Actor {
  return { id: user.id, email: user.email };
}
