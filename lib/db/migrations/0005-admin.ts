// Administration: managers reached over A2A, what the health checker last saw of each team
// server, and an audit log that can only be appended to.
import "server-only";
import type { Migration } from "./index";

export const admin: Migration = {
  id: "0005-admin",
  sql: `
ALTER TABLE cc_team_managers DROP CONSTRAINT IF EXISTS cc_team_managers_kind_check;
ALTER TABLE cc_team_managers ADD CONSTRAINT cc_team_managers_kind_check CHECK (kind IN ('builtin', 'elf', 'a2a'));

-- One row per team reached over the network; "since" is when reachability last flipped.
CREATE TABLE IF NOT EXISTS cc_team_health (
  team_id uuid PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
  url text NOT NULL,
  reachable boolean NOT NULL,
  reason text,
  since timestamptz NOT NULL DEFAULT now(),
  checked_at timestamptz NOT NULL DEFAULT now(),
  capabilities jsonb
);

-- Entries are facts: nothing may change or remove them, except that deleting a team clears the
-- reference to it (ON DELETE SET NULL, once the team is gone).
CREATE OR REPLACE FUNCTION cc_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.team_id IS NULL AND OLD.team_id IS NOT NULL
     AND (to_jsonb(NEW) - 'team_id') = (to_jsonb(OLD) - 'team_id')
     AND NOT EXISTS (SELECT 1 FROM teams WHERE id = OLD.team_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'team_audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER cc_audit_append_only BEFORE UPDATE OR DELETE ON team_audit_log
  FOR EACH ROW EXECUTE FUNCTION cc_audit_append_only();
CREATE OR REPLACE TRIGGER cc_audit_no_truncate BEFORE TRUNCATE ON team_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION cc_audit_append_only();
CREATE INDEX IF NOT EXISTS team_audit_log_action_idx ON team_audit_log (action, created_at DESC);
CREATE INDEX IF NOT EXISTS team_audit_log_actor_idx ON team_audit_log (performed_by, created_at DESC);
`,
};
