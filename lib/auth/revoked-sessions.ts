// Sign-out that ends the session on the server: a next-auth JWT cannot be taken back, so the
// session's id (a claim set once at sign-in and kept through every refresh of the cookie) is kept
// in PostgreSQL until no copy of the JWT could still be valid, and refused on every instance.
import "server-only";
import type { Db } from "../db/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `validSeconds`: how long a JWT issued now stays valid (the session's max age). */
export async function revokeSession(
  db: Db,
  sessionId: string,
  userId: string | null,
  validSeconds: number,
): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await db`
    INSERT INTO cc_revoked_sessions (session_id, user_id, expires_at)
    VALUES (${sessionId}, ${userId && UUID.test(userId) ? userId : null},
            now() + make_interval(secs => ${validSeconds}))
    ON CONFLICT (session_id) DO NOTHING`;
  await db`DELETE FROM cc_revoked_sessions WHERE expires_at < now()`;
}

export async function isSessionRevoked(db: Db, sessionId: string): Promise<boolean> {
  if (!UUID.test(sessionId)) return false;
  const rows = await db`SELECT 1 FROM cc_revoked_sessions WHERE session_id = ${sessionId}`;
  return rows.length > 0;
}
