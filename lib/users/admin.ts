// Managing users: create, change role, disable or re-enable, reset a password. Used by the admin
// page, the admin JSON routes and the CLI alike. Every change is audited and published on the
// change bus; the last enabled admin can be neither demoted nor disabled, whatever the races. A
// password reset or a disable ends the user's sessions (cc_users.session_version).
import "server-only";
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/record";
import { hashPassword } from "../auth/password";
import type { Role } from "../auth/roles";
import type { Sql, TransactionSql } from "../db/client";
import { AppError, describeIssues } from "../errors";
import { publishChange } from "../events/bus";
import { createUser, toUser } from "./service";
import {
  newUserSchema,
  userChangeSchema,
  userRowSchema,
  type NewUser,
  type User,
  type UserChange,
  type UserRow,
} from "./schemas";

export type { Actor };
/** A user id (uuid) or an email. */
export type UserRef = string;

const COLUMNS =
  "id::text, email, name, role, password_hash, disabled_at, created_at, session_version";
export const passwordSchema = newUserSchema.shape.password;

/** Input from a form, a route or the command line: invalid input is a bad request, not a crash. */
function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("bad_request", describeIssues(result.error, { whole: "value" }));
  }
  return result.data;
}

/** The user behind a reference, locked for the rest of the transaction. */
async function lockUser(tx: TransactionSql, ref: UserRef): Promise<UserRow> {
  const byId = z.uuid().safeParse(ref).success;
  const [row] = await tx.unsafe(
    `SELECT ${COLUMNS} FROM cc_users WHERE ${byId ? "id = $1::uuid" : "lower(email) = lower($1)"} FOR UPDATE`,
    [ref],
  );
  if (!row) throw new AppError("not_found", `No user ${ref}.`, "user_not_found");
  return userRowSchema.parse(row);
}

/**
 * Refuses a change that would leave no enabled admin. All changes that can remove an admin take
 * one transaction-scoped lock first, so two concurrent demotions of the last two admins run one
 * after the other and the second sees the first.
 */
async function assertAnotherAdmin(tx: TransactionSql, user: UserRow, verb: string): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock(hashtext('cc_users:admins'))`;
  const [row] = await tx<{ n: number }[]>`
    SELECT count(*)::int AS n FROM cc_users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ${user.id}::uuid`;
  if ((row?.n ?? 0) === 0) {
    throw new AppError(
      "conflict",
      `${user.email} is the last enabled admin and cannot be ${verb}; make another admin first.`,
      "last_admin",
    );
  }
}

async function audit(
  tx: TransactionSql,
  actor: Actor,
  action: string,
  description: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    teamId: null,
    action,
    description,
    performedBy: actor.email,
    details: { actor_id: actor.id, ...details },
  });
}

export async function addUser(sql: Sql, input: NewUser, actor: Actor): Promise<User> {
  const parsed = parseInput(newUserSchema, input);
  return sql.begin(async (tx) => {
    const user = await createUser(tx, parsed);
    await audit(tx, actor, "user_created", `Created ${user.role} ${user.email}`, {
      user_id: user.id,
      email: user.email,
      before: null,
      after: { role: user.role, name: user.name, disabled: false },
    });
    await publishChange(tx, { type: "user_changed", user_id: user.id });
    return user;
  });
}

/**
 * Changes a user's role, disabled flag or both in one transaction: either everything asked for
 * happens or nothing does. Disabling also ends the user's sessions (a re-enabled user signs in again).
 */
export async function updateUser(
  sql: Sql,
  ref: UserRef,
  input: UserChange,
  actor: Actor,
): Promise<User> {
  const change = parseInput(userChangeSchema, input);
  return sql.begin(async (tx) => {
    const before = await lockUser(tx, ref);
    const role = change.role ?? before.role;
    const disabled = change.disabled ?? Boolean(before.disabled_at);
    const roleChanged = role !== before.role;
    const disabledChanged = disabled !== Boolean(before.disabled_at);
    if (!roleChanged && !disabledChanged) return toUser(before);
    if (before.role === "admin" && !before.disabled_at && (role !== "admin" || disabled)) {
      await assertAnotherAdmin(tx, before, role !== "admin" ? "demoted" : "disabled");
    }
    const row = userRowSchema.parse(
      (
        await tx.unsafe(
          `UPDATE cc_users SET role = $2,
             disabled_at = CASE WHEN $3::boolean THEN coalesce(disabled_at, now()) END,
             session_version = session_version + CASE WHEN $3::boolean AND disabled_at IS NULL THEN 1 ELSE 0 END
           WHERE id = $1::uuid RETURNING ${COLUMNS}`,
          [before.id, role, disabled],
        )
      )[0],
    );
    if (roleChanged) {
      await audit(
        tx,
        actor,
        "user_role_changed",
        `Changed ${row.email}'s role from ${before.role} to ${role}`,
        {
          user_id: row.id,
          email: row.email,
          before: { role: before.role },
          after: { role },
        },
      );
    }
    if (disabledChanged) {
      await audit(
        tx,
        actor,
        disabled ? "user_disabled" : "user_enabled",
        `${disabled ? "Disabled" : "Re-enabled"} ${row.email}`,
        {
          user_id: row.id,
          email: row.email,
          before: { disabled: !disabled },
          after: { disabled },
        },
      );
    }
    await publishChange(tx, { type: "user_changed", user_id: row.id });
    return toUser(row);
  });
}

export function setUserRole(sql: Sql, ref: UserRef, role: Role, actor: Actor): Promise<User> {
  return updateUser(sql, ref, { role }, actor);
}

export function setUserDisabled(
  sql: Sql,
  ref: UserRef,
  disabled: boolean,
  actor: Actor,
): Promise<User> {
  return updateUser(sql, ref, { disabled }, actor);
}

/**
 * Sets a new password and ends the user's sessions, on every instance: whoever knew the old
 * password and signed in with it is signed out. The audit entry says that it changed, never what to.
 */
export async function resetUserPassword(
  sql: Sql,
  ref: UserRef,
  password: string,
  actor: Actor,
): Promise<void> {
  const passwordHash = await hashPassword(parseInput(passwordSchema, password));
  await sql.begin(async (tx) => {
    const row = await lockUser(tx, ref);
    await tx`UPDATE cc_users SET password_hash = ${passwordHash}, session_version = session_version + 1 WHERE id = ${row.id}::uuid`;
    await audit(tx, actor, "user_password_reset", `Reset ${row.email}'s password`, {
      user_id: row.id,
      email: row.email,
    });
    await publishChange(tx, { type: "user_changed", user_id: row.id });
  });
}

export async function listUsers(sql: Sql): Promise<User[]> {
  const rows = await sql.unsafe(`SELECT ${COLUMNS} FROM cc_users ORDER BY created_at, email`);
  return rows.map((row) => toUser(userRowSchema.parse(row)));
}
