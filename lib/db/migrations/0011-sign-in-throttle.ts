// Sign-in throttling and sign-out, shared by every instance through the database: failed sign-ins
// counted per client address and per address + account, and the sessions that signed out (a
// next-auth JWT cannot be taken back, so its session id is refused until the JWT would expire).
import "server-only";
import type { Migration } from "./index";

export const signInThrottle: Migration = {
  id: "0011-sign-in-throttle",
  sql: `
CREATE TABLE IF NOT EXISTS cc_sign_in_failures (
  -- 'address:<ip>' or 'account:<ip>:<lower-cased email>'
  key text PRIMARY KEY,
  failures integer NOT NULL,
  last_failure_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS cc_sign_in_failures_last_idx ON cc_sign_in_failures (last_failure_at);
CREATE TABLE IF NOT EXISTS cc_revoked_sessions (
  session_id uuid PRIMARY KEY,
  user_id uuid REFERENCES cc_users(id) ON DELETE CASCADE,
  -- No copy of the session's JWT is valid past this; the row can go then.
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS cc_revoked_sessions_expires_idx ON cc_revoked_sessions (expires_at);
`,
};
