// Makes sure a fresh install can be signed in to: the configured admin, or a generated one.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Sql } from "../db/client";
import { hashPassword } from "../auth/password";
import { countUsers } from "./queries";
import { upsertAdmin } from "./service";

export type AdminBootstrap =
  | { kind: "configured"; email: string; outcome: "created" | "updated" }
  | { kind: "generated"; email: string; password: string }
  | { kind: "existing" };

export const GENERATED_ADMIN_EMAIL = "admin@localhost";

export async function ensureFirstAdmin(
  sql: Sql,
  configured: { email?: string; password?: string },
): Promise<AdminBootstrap> {
  if (configured.email && configured.password) {
    const outcome = await upsertAdmin(sql, configured.email, configured.password);
    return { kind: "configured", email: configured.email, outcome };
  }
  if ((await countUsers(sql)) > 0) return { kind: "existing" };
  const password = randomBytes(12).toString("base64url");
  // DO NOTHING: when two instances race here, only the credentials that were stored get printed.
  const [row] = await sql`
    INSERT INTO cc_users (email, role, password_hash)
    SELECT ${GENERATED_ADMIN_EMAIL}, 'admin', ${await hashPassword(password)}
    WHERE NOT EXISTS (SELECT 1 FROM cc_users)
    ON CONFLICT DO NOTHING RETURNING id`;
  return row ? { kind: "generated", email: GENERATED_ADMIN_EMAIL, password } : { kind: "existing" };
}
