// Who is asking: the session's user — or, for JSON API route handlers that pass their request,
// the owner of a bearer API token — re-read from the database on every request so a disabled
// account or a changed role takes effect at once, a password reset or a disable ends the sessions
// signed in before it, and a signed-out session is refused at once. Pages and server actions are session-only.
import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { authenticateApiToken } from "../api-tokens/service";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { selectUserById } from "../users/queries";
import { toUser } from "../users/service";
import type { User, UserRow } from "../users/schemas";
import { auth } from "./config";
import { isSessionRevoked } from "./revoked-sessions";
import type { Role } from "./roles";

interface SessionClaims {
  sessionId: string;
  sessionVersion: number;
}

/**
 * Whether the account still admits this session: not disabled, no password reset since it signed
 * in (session version), and not signed out (revoked session id, on whichever instance it was).
 */
async function admitsSession(row: UserRow | null, claims: SessionClaims): Promise<boolean> {
  if (!row || row.disabled_at || row.session_version !== claims.sessionVersion) return false;
  return !(await isSessionRevoked(getDb(), claims.sessionId));
}

/**
 * Once per server render (React's cache): a layout, its page and generateMetadata all ask, and the
 * database is read once. Outside a render (route handlers) every call reads afresh.
 */
const getSessionUser = cache(async (): Promise<{ user: User; claims: SessionClaims } | null> => {
  const session = await auth();
  const id = session?.user?.id;
  // A session without an id predates server-side sign-out and could never be ended: sign in again.
  if (!id || !session.sid) return null;
  const claims = { sessionId: session.sid, sessionVersion: session.session_version ?? 0 };
  const row = await selectUserById(getDb(), id);
  return row && (await admitsSession(row, claims)) ? { user: toUser(row), claims } : null;
});

export async function getCurrentUser(): Promise<User | null> {
  return (await getSessionUser())?.user ?? null;
}

const READ_METHODS = new Set(["GET", "HEAD"]);

/** The owner of the request's `Authorization: Bearer` API token, within the token's scope. */
async function requireTokenUser(request: Request, authorization: string): Promise<User> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match)
    throw new AppError(
      "unauthenticated",
      "Send the API token as Authorization: Bearer <token>.",
      "token_invalid",
    );
  const found = await authenticateApiToken(getDb(), match[1]!);
  if (!found)
    throw new AppError(
      "unauthenticated",
      "This API token is unknown, revoked or expired, or its owner is disabled.",
      "token_invalid",
    );
  if (found.scope === "read" && !READ_METHODS.has(request.method.toUpperCase())) {
    throw new AppError(
      "forbidden",
      `This API token is read-only; ${request.method} needs a write token.`,
      "token_scope",
    );
  }
  return found.user;
}

/**
 * For route handlers: the user, or a 401. Pass the request to accept an API token as well (the
 * JSON API does); without it only a signed-in session counts, as for server actions.
 */
export async function requireUser(request?: Request): Promise<User> {
  const authorization = request?.headers.get("authorization");
  if (request && authorization) return requireTokenUser(request, authorization);
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}

/**
 * For long-lived responses (server-sent events): the user as requireUser finds them, and a
 * re-check of the same credential for later — false once the account is disabled, the session
 * ended by a password reset, or the API token revoked.
 */
export async function requireStreamUser(
  request: Request,
): Promise<{ user: User; isStillAllowed(): Promise<boolean> }> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const user = await requireTokenUser(request, authorization);
    return {
      user,
      isStillAllowed: () =>
        requireTokenUser(request, authorization).then(
          () => true,
          () => false,
        ),
    };
  }
  const found = await getSessionUser();
  if (!found) throw new AppError("unauthenticated", "Sign in to continue.");
  return {
    user: found.user,
    isStillAllowed: async () =>
      admitsSession(await selectUserById(getDb(), found.user.id), found.claims),
  };
}

/** Refuses (403) a user whose role is not one of these. */
export function assertRole(user: User, ...roles: Role[]): User {
  if (!roles.includes(user.role))
    throw new AppError(
      "forbidden",
      `This needs the ${roles.join(" or ")} role; you are signed in as ${user.role}.`,
      "role_not_allowed",
    );
  return user;
}

/** For route handlers (pass the request to accept API tokens) and actions: an admin, or 401/403. */
export async function requireAdmin(request?: Request): Promise<User> {
  return assertRole(await requireUser(request), "admin");
}

/** For admin pages: an admin, a redirect to /login, or the 403 page. */
export async function requireAdminPage(returnTo: string): Promise<User> {
  const user = await requirePageUser(returnTo);
  if (user.role !== "admin") forbidden();
  return user;
}

/** For pages: the user, or a redirect to /login that comes back to `returnTo` afterwards. */
export async function requirePageUser(returnTo: string): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Only same-site paths are followed after sign-in; anything else goes to /teams. */
export function safeReturnPath(value: unknown): string {
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.includes("\\")
  ) {
    return "/teams";
  }
  return value;
}
