// Adoption that never breaks ELF, and ELF's own writes heard everywhere.
// - team_audit_log is ELF's table: ELF's scripts update and delete its rows, so the Control
//   Center no longer refuses that (0005's append-only triggers are dropped). Its own entries stay
//   tamper-evident instead: each is sealed, as written, in cc_audit_seals (append-only, ours), and
//   cc_audit_tampered lists every sealed entry that was since changed or removed.
// - A change to `teams` or `team_members` made by plain SQL (ELF's scripts, the Supabase
//   dashboard) is announced on the change bus (cc_changes) as team_changed, exactly as the app
//   announces its own, so open pages and chats on every instance follow it. Identical
//   notifications in one transaction reach listeners once.
import "server-only";
import type { Migration } from "./index";

export const elfFidelity: Migration = {
  id: "0010-elf-fidelity",
  sql: `
DROP TRIGGER IF EXISTS cc_audit_append_only ON team_audit_log;
DROP TRIGGER IF EXISTS cc_audit_no_truncate ON team_audit_log;
DROP FUNCTION IF EXISTS cc_audit_append_only();

CREATE TABLE IF NOT EXISTS cc_audit_seals (
  audit_id text PRIMARY KEY,
  entry jsonb NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION cc_audit_seals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cc_audit_seals is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE OR REPLACE TRIGGER cc_audit_seals_append_only BEFORE UPDATE OR DELETE ON cc_audit_seals
  FOR EACH ROW EXECUTE FUNCTION cc_audit_seals_append_only();
CREATE OR REPLACE TRIGGER cc_audit_seals_no_truncate BEFORE TRUNCATE ON cc_audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION cc_audit_seals_append_only();

-- team_id is left out of the seal: deleting a team clears it (ON DELETE SET NULL), a fact, not tampering.
CREATE OR REPLACE VIEW cc_audit_tampered AS
  SELECT s.audit_id, s.entry, s.sealed_at,
         CASE WHEN l.id IS NULL THEN 'removed' ELSE 'changed' END AS what
  FROM cc_audit_seals s LEFT JOIN team_audit_log l ON l.id::text = s.audit_id
  WHERE l.id IS NULL OR (to_jsonb(l) - 'team_id') <> s.entry;

CREATE OR REPLACE FUNCTION cc_notify_team_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  names text[];
BEGIN
  -- A write that changes nothing (but the touched updated_at) is not a change.
  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'updated_at') = (to_jsonb(NEW) - 'updated_at') THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'teams' THEN
    names := ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.name END,
                   CASE WHEN TG_OP <> 'DELETE' THEN NEW.name END];
  ELSE
    SELECT array_agg(t.name) INTO names FROM teams t
    WHERE t.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.team_id END,
                   CASE WHEN TG_OP <> 'DELETE' THEN NEW.team_id END);
  END IF;
  -- The payload is byte for byte what lib/events/bus.ts publishes, so the app's own
  -- announcement in the same transaction and this one reach listeners once.
  PERFORM pg_notify('cc_changes', '{"type":"team_changed","team":' || to_json(n)::text || '}')
  FROM (SELECT DISTINCT unnest(names) AS n) AS changed
  WHERE n IS NOT NULL;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER cc_teams_notify_changed AFTER INSERT OR UPDATE OR DELETE ON teams
  FOR EACH ROW EXECUTE FUNCTION cc_notify_team_changed();
CREATE OR REPLACE TRIGGER cc_team_members_notify_changed AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH ROW EXECUTE FUNCTION cc_notify_team_changed();
`,
};
