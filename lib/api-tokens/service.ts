// Personal API tokens: created (the secret shown once), listed, revoked, and checked on each API
// request. A SHA-256 hash is the right store for a 256-bit random secret: nothing to brute-force,
// and a lookup by hash needs no per-token salt.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { recordAudit, type Actor } from "../audit/record";
import type { Sql } from "../db/client";
import { AppError, describeIssues } from "../errors";
import { selectUserById } from "../users/queries";
import { toUser } from "../users/service";
import type { User } from "../users/schemas";
import {
  apiTokenRowSchema,
  newApiTokenSchema,
  scopesForRole,
  TOKEN_PREFIX,
  type ApiToken,
  type ApiTokenScope,
  type NewApiToken,
} from "./schemas";

const COLUMNS =
  "id::text, user_id::text, name, scope, token_prefix, created_at, expires_at, last_used_at, revoked_at";
/** last_used_at is written at most this often per token, not on every request. */
const LAST_USED_PRECISION = "1 minute";

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export async function createApiToken(
  sql: Sql,
  owner: User,
  input: NewApiToken,
  actor: Actor,
): Promise<{ token: ApiToken; secret: string }> {
  const parsed = newApiTokenSchema.safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", describeIssues(parsed.error));
  const { name, scope, expires_in_days } = parsed.data;
  if (!scopesForRole(owner.role).includes(scope)) {
    throw new AppError(
      "forbidden",
      `A ${owner.role} can only create ${scopesForRole(owner.role).join(" or ")} tokens.`,
      "scope_not_allowed",
    );
  }
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return sql.begin(async (tx) => {
    const [row] = await tx.unsafe(
      `INSERT INTO cc_api_tokens (user_id, name, scope, token_hash, token_prefix, expires_at)
       VALUES ($1::uuid, $2, $3, $4, $5, CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(days => $6::int) END)
       RETURNING ${COLUMNS}`,
      [
        owner.id,
        name,
        scope,
        hashToken(secret),
        secret.slice(0, TOKEN_PREFIX.length + 4),
        expires_in_days ?? null,
      ],
    );
    const token = apiTokenRowSchema.parse(row);
    await recordAudit(tx, {
      teamId: null,
      action: "api_token_created",
      description: `Created ${scope} API token "${name}" for ${owner.email}`,
      performedBy: actor.email,
      details: {
        actor_id: actor.id,
        user_id: owner.id,
        token_id: token.id,
        name,
        scope,
        token_prefix: token.token_prefix,
        expires_at: token.expires_at,
      },
    });
    return { token, secret };
  });
}

export async function listApiTokens(sql: Sql, userId: string): Promise<ApiToken[]> {
  const rows = await sql.unsafe(
    `SELECT ${COLUMNS} FROM cc_api_tokens WHERE user_id = $1::uuid ORDER BY created_at DESC`,
    [userId],
  );
  return rows.map((row) => apiTokenRowSchema.parse(row));
}

/** Revokes one of the owner's tokens; revoking it again changes nothing. */
export async function revokeApiToken(
  sql: Sql,
  owner: User,
  tokenId: string,
  actor: Actor,
): Promise<ApiToken> {
  return sql.begin(async (tx) => {
    const [found] = await tx.unsafe(
      `SELECT ${COLUMNS} FROM cc_api_tokens WHERE id::text = $1 AND user_id = $2::uuid FOR UPDATE`,
      [tokenId, owner.id],
    );
    if (!found) throw new AppError("not_found", "You have no such API token.", "token_not_found");
    const token = apiTokenRowSchema.parse(found);
    if (token.revoked_at) return token;
    const [row] = await tx.unsafe(
      `UPDATE cc_api_tokens SET revoked_at = now() WHERE id = $1::uuid RETURNING ${COLUMNS}`,
      [token.id],
    );
    await recordAudit(tx, {
      teamId: null,
      action: "api_token_revoked",
      description: `Revoked API token "${token.name}" of ${owner.email}`,
      performedBy: actor.email,
      details: {
        actor_id: actor.id,
        user_id: owner.id,
        token_id: token.id,
        name: token.name,
        scope: token.scope,
        token_prefix: token.token_prefix,
      },
    });
    return apiTokenRowSchema.parse(row);
  });
}

/**
 * The enabled user and scope behind a bearer secret, or null when it is unknown, revoked or
 * expired. A token never outranks its owner's current role (a user demoted to viewer reads only).
 */
export async function authenticateApiToken(
  sql: Sql,
  secret: string,
): Promise<{ user: User; scope: ApiTokenScope } | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const [row] = await sql<{ id: string; user_id: string; scope: ApiTokenScope; stale: boolean }[]>`
    SELECT id::text, user_id::text, scope, (last_used_at IS NULL OR last_used_at < now() - ${LAST_USED_PRECISION}::interval) AS stale
    FROM cc_api_tokens
    WHERE token_hash = ${hashToken(secret)} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;
  if (!row) return null;
  const found = await selectUserById(sql, row.user_id);
  if (!found || found.disabled_at) return null;
  if (row.stale)
    await sql`UPDATE cc_api_tokens SET last_used_at = now() WHERE id = ${row.id}::uuid`;
  const user = toUser(found);
  return { user, scope: scopesForRole(user.role).includes(row.scope) ? row.scope : "read" };
}
