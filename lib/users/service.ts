import "server-only";
import type { Db, Sql } from "../db/client";
import { AppError } from "../errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../auth/password";
import { selectUserByEmail } from "./queries";
import { newUserSchema, type NewUser, type User, type UserRow } from "./schemas";

export function toUser({ password_hash: _hash, ...user }: UserRow): User {
  return user;
}

export async function createUser(sql: Db, input: NewUser): Promise<User> {
  const user = newUserSchema.parse(input);
  const passwordHash = await hashPassword(user.password);
  const [row] = await sql<UserRow[]>`
    INSERT INTO cc_users (email, name, role, password_hash)
    VALUES (${user.email}, ${user.name ?? null}, ${user.role}, ${passwordHash})
    ON CONFLICT DO NOTHING
    RETURNING id::text, email, name, role, password_hash, disabled_at, created_at, session_version`;
  if (!row) throw new AppError("conflict", `A user with the email ${user.email} already exists.`);
  return toUser(row);
}

/**
 * Creates the user as an admin, or makes an existing one an enabled admin with this password. A
 * new password ends the admin's sessions, as a reset does; the same one at every start keeps them.
 */
export async function upsertAdmin(
  sql: Sql,
  email: string,
  password: string,
): Promise<"created" | "updated"> {
  const current = (await selectUserByEmail(sql, email))?.password_hash;
  const passwordHash =
    current && (await verifyPassword(current, password)) ? current : await hashPassword(password);
  const [row] = await sql<{ inserted: boolean }[]>`
    INSERT INTO cc_users (email, role, password_hash) VALUES (${email.toLowerCase()}, 'admin', ${passwordHash})
    ON CONFLICT (lower(email)) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash, disabled_at = NULL,
      session_version = cc_users.session_version + CASE WHEN cc_users.password_hash IS NOT DISTINCT FROM EXCLUDED.password_hash THEN 0 ELSE 1 END
    RETURNING (xmax = 0) AS inserted`;
  return row?.inserted ? "created" : "updated";
}

/** The user for these credentials, or null; the same work is done whether or not the email exists. */
export async function authenticate(
  sql: Sql,
  email: string,
  password: string,
): Promise<User | null> {
  const row = await selectUserByEmail(sql, email);
  const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), password);
  if (!row || !ok || row.disabled_at) return null;
  return toUser(row);
}
