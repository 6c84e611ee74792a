// An ELF Supabase project for tests: a database holding only ELF's tables and a small
// organisation of its own (not the Control Center's demo seed), served by the test PostgREST.
import { elfRegistry } from "@/lib/db/migrations/0001-elf-registry";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { startPostgrest, type PostgrestServer } from "./server";

/** Keys shaped like Supabase's legacy JWT keys, so the Control Center can tell their kind. */
const jwtKey = (role: string) =>
  [
    Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url"),
    Buffer.from(JSON.stringify({ iss: "supabase", role })).toString("base64url"),
    "test-signature",
  ].join(".");
export const SERVICE_ROLE_KEY = jwtKey("service_role");
export const ANON_KEY = jwtKey("anon");

export interface ElfProject {
  db: TestDatabase;
  rest: PostgrestServer;
  close(): Promise<void>;
}

export const PROJECT_TEAMS = ["acme-board-team", "acme-lab-team", "acme-research-team"];

export async function createElfProject(
  adminUrl: string,
  options: { withoutTables?: string[] } = {},
): Promise<ElfProject> {
  const db = await createTestDatabase(adminUrl, { migrate: false });
  await db.sql.unsafe(elfRegistry.sql);
  for (const table of options.withoutTables ?? [])
    await db.sql.unsafe(`DROP TABLE "${table}" CASCADE`);
  if (!options.withoutTables?.includes("teams")) {
    await db.sql.unsafe(`
      INSERT INTO teams (name, display_name, department, placement, purpose, framework, status,
        is_top_level, enable_chat_interface, chat_config)
      VALUES
        ('acme-board-team', 'Acme Board', 'executive', 'executive', 'Runs Acme', 'CrewAI', 'active', true, true, '{"max_messages_per_session": 30, "elf_only_key": 1}'),
        ('acme-research-team', 'Acme Research', 'research', 'research', 'Finds things out', 'LangGraph', 'active', true, false, '{}'),
        ('acme-lab-team', 'Acme Lab', 'research', 'research.lab', 'Tries things', 'CrewAI', 'active', false, false, '{}');
      INSERT INTO team_members (team_id, role, is_manager)
        SELECT id, 'Chief Executive Officer', true FROM teams WHERE name = 'acme-board-team'
        UNION ALL SELECT id, 'Research Lead', true FROM teams WHERE name = 'acme-research-team'
        UNION ALL SELECT id, 'Lab Lead', true FROM teams WHERE name = 'acme-lab-team';
      INSERT INTO team_relationships (child_team_id, parent_entity_type, parent_entity_name)
        SELECT id, 'team', 'acme-research-team' FROM teams WHERE name = 'acme-lab-team';
      INSERT INTO executive_management (executive_role, managed_team_id)
        SELECT 'Chief Executive Officer', id FROM teams WHERE name = 'acme-research-team';
    `);
  }
  const rest = await startPostgrest({ databaseUrl: db.url, keys: [SERVICE_ROLE_KEY, ANON_KEY] });
  return {
    db,
    rest,
    async close() {
      await rest.close();
      await db.drop();
    },
  };
}
