import { afterEach, describe, expect, inject, it } from "vitest";
import { createElfDatabase } from "@/test/fixtures/elf-database";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { migrate } from "../db/migrate";
import { seedOrganisation } from "./seed";
import { SEED_TEAMS } from "./seed-organisation";
import { listTeamsForRole } from "./service";

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

const count = async (sql: TestDatabase["sql"], table: string) =>
  (await sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n as number;

describe("seeding the ELF organisation", () => {
  it("seeds an empty registry with teams, managers, members and hierarchy", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"));
    expect(await seedOrganisation(db.sql)).toBe("seeded");
    const teams = await listTeamsForRole(db.sql, "user");
    expect(teams.map((t) => t.name).sort()).toEqual(SEED_TEAMS.map((t) => t.name).sort());
    expect(
      teams
        .filter((t) => t.chat_available)
        .map((t) => t.name)
        .sort(),
    ).toEqual([
      "engineering-team",
      "executive-team",
      "finance-team",
      "marketing-team",
      "operations-team",
    ]);
    const executive = teams.find((t) => t.name === "executive-team")!;
    expect(executive.manager?.role).toBe("Chief Executive Officer");
    expect(executive.member_count).toBe(5);
    expect(executive.chat_config).toMatchObject({
      max_session_duration_minutes: 60,
      max_messages_per_session: 100,
    });
    expect(teams.find((t) => t.name === "finance-team")!.chat_config).toMatchObject({
      max_session_duration_minutes: 45,
      max_messages_per_session: 50,
    });
    expect(teams.find((t) => t.name === "frontend-team")!.parent?.team).toBe("engineering-team");
    expect(teams.find((t) => t.name === "qa-team")!.parent?.team).toBe("executive-team");
    expect(teams.find((t) => t.name === "general-team")).toMatchObject({
      is_top_level: true,
      enable_chat_interface: false,
      parent: null,
    });
  });

  it("never seeds twice, even concurrently, and never overwrites edits", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"));
    const outcomes = await Promise.all([seedOrganisation(db.sql), seedOrganisation(db.sql)]);
    expect(outcomes.sort()).toEqual(["already-seeded", "seeded"]);
    await db.sql`UPDATE teams SET display_name = 'Execs' WHERE name = 'executive-team'`;
    const counts = {
      teams: await count(db.sql, "teams"),
      members: await count(db.sql, "team_members"),
    };
    expect(await seedOrganisation(db.sql)).toBe("already-seeded");
    expect({
      teams: await count(db.sql, "teams"),
      members: await count(db.sql, "team_members"),
    }).toEqual(counts);
    const [row] = await db.sql`SELECT display_name FROM teams WHERE name = 'executive-team'`;
    expect(row!.display_name).toBe("Execs");
  });

  it("adopts an existing ELF registry as it is instead of adding the seed teams", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    await createElfDatabase(db.sql);
    await migrate(db.sql);
    expect(await seedOrganisation(db.sql)).toBe("registry-not-empty");
    expect((await db.sql`SELECT name FROM teams ORDER BY name`).map((r) => r.name)).toEqual([
      "legacy-team",
      "research-team",
    ]);
  });
});
