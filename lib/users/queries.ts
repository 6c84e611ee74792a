import "server-only";
import type { Sql } from "../db/client";
import { userRowSchema, type UserRow } from "./schemas";

const COLUMNS =
  "id::text, email, name, role, password_hash, disabled_at, created_at, session_version";

export async function selectUserByEmail(sql: Sql, email: string): Promise<UserRow | null> {
  const [row] = await sql.unsafe(`SELECT ${COLUMNS} FROM cc_users WHERE lower(email) = lower($1)`, [
    email,
  ]);
  return row ? userRowSchema.parse(row) : null;
}

export async function selectUserById(sql: Sql, id: string): Promise<UserRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql.unsafe(`SELECT ${COLUMNS} FROM cc_users WHERE id = $1`, [id]);
  return row ? userRowSchema.parse(row) : null;
}

export async function countUsers(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cc_users`;
  return row?.n ?? 0;
}
