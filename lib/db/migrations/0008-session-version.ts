// Ending a user's sessions: a password reset or a disable bumps session_version, and a session
// (next-auth JWT) or chat token that carries an older one is refused. A counter read in the same
// row as the password hash needs no clocks: a sign-in that read the old hash carries the old value.
import "server-only";
import type { Migration } from "./index";

export const sessionVersion: Migration = {
  id: "0008-session-version",
  sql: `
ALTER TABLE cc_users ADD COLUMN IF NOT EXISTS session_version integer NOT NULL DEFAULT 0;
`,
};
