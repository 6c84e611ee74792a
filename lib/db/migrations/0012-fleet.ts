// What several instances on one PostgreSQL share when no Redis is given: who owns each chat
// session (a lease that lapses when its holder stops renewing it), the open chat sockets per user
// (each with an expiry its instance keeps pushing back, so a killed instance's sockets stop
// counting), the message allowance (rate-limiter-flexible's table), and the Socket.IO PostgreSQL
// adapter's table for payloads too large for NOTIFY.
import "server-only";
import type { Migration } from "./index";

export const fleet: Migration = {
  id: "0012-fleet",
  sql: `
CREATE TABLE IF NOT EXISTS cc_leases (
  key text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS cc_chat_connections (
  socket_key text PRIMARY KEY,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS cc_chat_connections_user ON cc_chat_connections (user_id, expires_at);

CREATE TABLE IF NOT EXISTS cc_chat_rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);
`,
};
