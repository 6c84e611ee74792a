// Tables the Control Center owns (prefixed cc_ so they never collide with an ELF database's own).
import "server-only";
import type { Migration } from "./index";
export const controlCenter: Migration = {
  id: "0002-control-center",
  sql: `
CREATE TABLE IF NOT EXISTS cc_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text,
  password_hash text,
  role text NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user', 'viewer')),
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS cc_users_email_key ON cc_users (lower(email));
CREATE OR REPLACE TRIGGER cc_users_touch_updated_at BEFORE UPDATE ON cc_users
  FOR EACH ROW EXECUTE FUNCTION cc_touch_updated_at();

-- Facts the Control Center records about itself, e.g. when the organisation was seeded.
CREATE TABLE IF NOT EXISTS cc_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
};
