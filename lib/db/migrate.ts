// Applies pending migrations in one transaction under an advisory lock, so concurrent starts
// (several instances, a CLI beside the server) apply each migration exactly once.
import "server-only";
import type { Sql } from "./client";
import { MIGRATIONS, type Migration } from "./migrations";

const MIGRATION_LOCK = 727_001;

export async function migrate(sql: Sql, migrations: Migration[] = MIGRATIONS): Promise<string[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS cc_schema_migrations (
      id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
    const rows = await tx<{ id: string }[]>`SELECT id FROM cc_schema_migrations`;
    const applied = new Set(rows.map((r) => r.id));
    const pending = migrations.filter((m) => !applied.has(m.id));
    for (const migration of pending) {
      await tx.unsafe(migration.sql);
      await tx`INSERT INTO cc_schema_migrations (id) VALUES (${migration.id})`;
    }
    return pending.map((m) => m.id);
  });
}
