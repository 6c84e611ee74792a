import { afterEach, describe, expect, inject, it } from "vitest";
import { createElfDatabase } from "@/test/fixtures/elf-database";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { ELF_TABLES } from "./migrations/0001-elf-registry";
import { migrate } from "./migrate";
import { MIGRATIONS } from "./migrations";

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

async function columns(sql: TestDatabase["sql"], table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string }[]>`
    SELECT column_name FROM information_schema.columns WHERE table_name = ${table} ORDER BY column_name`;
  return rows.map((r) => r.column_name);
}

async function uniqueIndexCount(sql: TestDatabase["sql"], table: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_index WHERE indrelid = ${table}::regclass AND indisunique AND NOT indisprimary`;
  return row!.n;
}

describe("migrations", () => {
  it("create every ELF and Control Center table on an empty database", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    expect(await migrate(db.sql)).toEqual(MIGRATIONS.map((m) => m.id));
    for (const table of ELF_TABLES) {
      expect(await columns(db.sql, table.name)).toEqual(
        expect.arrayContaining(["id", ...Object.keys(table.columns)]),
      );
    }
    expect(await columns(db.sql, "cc_users")).toEqual(
      expect.arrayContaining(["email", "role", "password_hash"]),
    );
  });

  it("apply nothing the second time and change nothing", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"));
    const indexesBefore = await uniqueIndexCount(db.sql, "teams");
    expect(await migrate(db.sql)).toEqual([]);
    expect(await uniqueIndexCount(db.sql, "teams")).toBe(indexesBefore);
  });

  it("run once when several processes migrate at the same time", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    const results = await Promise.all([migrate(db.sql), migrate(db.sql), migrate(db.sql)]);
    expect(results.flat()).toHaveLength(MIGRATIONS.length);
  });

  it("keep the fleet's coordination tables out of the write-ahead log, and the security records in it", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"));
    const rows = await db.sql<{ relname: string; relpersistence: string }[]>`
      SELECT relname, relpersistence FROM pg_class
      WHERE relkind = 'r' AND relname IN
        ('cc_leases', 'cc_chat_connections', 'cc_chat_rate_limits', 'cc_sign_in_failures', 'cc_revoked_sessions')
      ORDER BY relname`;
    expect(Object.fromEntries(rows.map((r) => [r.relname, r.relpersistence]))).toEqual({
      cc_chat_connections: "u",
      cc_chat_rate_limits: "u",
      cc_leases: "u",
      cc_revoked_sessions: "p",
      cc_sign_in_failures: "p",
    });
  });

  it("adopt an existing ELF database: keep every row, add only what is missing", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    await createElfDatabase(db.sql);
    const before = await db.sql`SELECT id, name, status, created_at FROM teams ORDER BY name`;

    await migrate(db.sql);

    const after =
      await db.sql`SELECT id, name, status, created_at, is_top_level, enable_chat_interface, chat_config FROM teams ORDER BY name`;
    expect(
      after.map(({ id, name, status, created_at }) => ({ id, name, status, created_at })),
    ).toEqual([...before]);
    expect(after.every((t) => t.is_top_level === false && t.enable_chat_interface === false)).toBe(
      true,
    );
    expect(after[0]!.chat_config).toEqual({});
    const [member] = await db.sql`SELECT role, is_manager FROM team_members`;
    expect(member).toEqual({ role: "Research Lead", is_manager: true });
    // ELF's own unique constraints are reused, not doubled under our names.
    expect(await uniqueIndexCount(db.sql, "teams")).toBe(1);
    expect(await uniqueIndexCount(db.sql, "team_members")).toBe(1);
    expect(await uniqueIndexCount(db.sql, "team_relationships")).toBe(1);
    expect(await columns(db.sql, "team_chat_sessions")).toContain("session_id");
  });
});
