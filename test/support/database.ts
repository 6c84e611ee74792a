// A database of its own for one test file, created on the run's server and dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type Sql } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

export interface TestDatabase {
  name: string;
  url: string;
  sql: Sql;
  drop(): Promise<void>;
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(
  adminUrl: string,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const name = `cc_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(adminUrl, name);
  const sql = createDb(url, { max: 5 });
  if (options.migrate !== false) await migrate(sql);
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 1 });
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** A seeded team's id, by its name. */
export async function teamIdOf(sql: Sql, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`SELECT id::text FROM teams WHERE name = ${name}`;
  if (!row) throw new Error(`no team called ${name}`);
  return row.id;
}
