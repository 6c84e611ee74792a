// Seeds the ELF organisation once, into an empty registry; never overwrites or duplicates rows.
import "server-only";
import type { Sql } from "../db/client";
import { SEED_EXECUTIVE_MANAGEMENT, SEED_TEAMS, type SeedTeam } from "./seed-organisation";

const SEED_LOCK = 727_002;
const SEEDED_KEY = "organisation_seeded_at";

export type SeedOutcome = "seeded" | "already-seeded" | "registry-not-empty";

export async function seedOrganisation(
  sql: Sql,
  teams: SeedTeam[] = SEED_TEAMS,
): Promise<SeedOutcome> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
    const [marker] = await tx`SELECT 1 FROM cc_settings WHERE key = ${SEEDED_KEY}`;
    if (marker) return "already-seeded";
    const [existing] = await tx`SELECT 1 FROM teams LIMIT 1`;
    // An existing ELF registry is the organisation: adopt it as it is.
    const outcome: SeedOutcome = existing ? "registry-not-empty" : "seeded";
    if (!existing) {
      for (const team of teams) {
        const [row] = await tx<{ id: string }[]>`
          INSERT INTO teams (name, display_name, department, placement, purpose, framework,
            llm_provider, llm_model, status, is_top_level, enable_chat_interface, chat_config)
          VALUES (${team.name}, ${team.displayName}, ${team.department}, ${team.placement},
            ${team.purpose}, ${team.framework}, 'OpenAI', 'gpt-4o-mini', 'active',
            ${team.isTopLevel}, ${team.enableChat}, ${tx.json(team.chatConfig as never)})
          ON CONFLICT (name) DO NOTHING
          RETURNING id`;
        if (!row) continue;
        for (const member of team.members) {
          await tx`
            INSERT INTO team_members (team_id, role, is_manager, skills, responsibilities)
            VALUES (${row.id}, ${member.role}, ${member.isManager ?? false},
              ${tx.array(member.skills)}, ${tx.array(member.responsibilities)})
            ON CONFLICT (team_id, role) DO NOTHING`;
        }
        if (team.reportsTo) {
          await tx`
            INSERT INTO team_relationships (child_team_id, parent_entity_type, parent_entity_name, relationship_type)
            VALUES (${row.id}, ${team.reportsTo.type}, ${team.reportsTo.name}, 'reports_to')
            ON CONFLICT (child_team_id, parent_entity_name, relationship_type) DO NOTHING`;
        }
      }
      for (const entry of SEED_EXECUTIVE_MANAGEMENT) {
        await tx`
          INSERT INTO executive_management (executive_role, executive_team, managed_team_id)
          SELECT ${entry.executiveRole}, 'executive-team', id FROM teams WHERE name IN ${tx(entry.teams)}
          ON CONFLICT (executive_role, managed_team_id) DO NOTHING`;
      }
      await tx`
        INSERT INTO team_audit_log (team_id, action, description, performed_by)
        SELECT id, 'created', 'Seeded from the ELF organisation', 'control-center' FROM teams`;
    }
    await tx`INSERT INTO cc_settings (key, value) VALUES (${SEEDED_KEY}, ${tx.json({ at: new Date().toISOString(), outcome })})`;
    return outcome;
  });
}
