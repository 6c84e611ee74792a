// Supabase mode: the project this database mirrors (one row, present only in that mode), and the
// outbox of conversation and audit rows still to be written to the project. Triggers queue every
// insert and update of ELF's chat and audit tables while the link row is enabled, in the same
// transaction as the write, so a row is queued exactly when it is stored and never lost.
import "server-only";
import type { Migration } from "./index";

const OUTBOX_TABLES = [
  "team_chat_sessions",
  "team_chat_messages",
  "team_chat_delegations",
  "team_audit_log",
];

export const supabaseOutbox: Migration = {
  id: "0009-supabase-outbox",
  sql: `
CREATE TABLE IF NOT EXISTS cc_supabase_link (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  project_host text NOT NULL,
  key_kind text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  last_refresh_at timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  linked_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS cc_supabase_outbox (
  seq bigserial PRIMARY KEY,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  failed_at timestamptz
);
CREATE INDEX IF NOT EXISTS cc_supabase_outbox_pending_idx ON cc_supabase_outbox (seq) WHERE failed_at IS NULL;

CREATE OR REPLACE FUNCTION cc_supabase_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM cc_supabase_link WHERE enabled) THEN
    INSERT INTO cc_supabase_outbox (table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id);
    PERFORM pg_notify('cc_supabase_outbox', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;

${OUTBOX_TABLES.map(
  (table) =>
    `CREATE OR REPLACE TRIGGER "${table}_supabase_outbox" AFTER INSERT OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cc_supabase_enqueue();`,
).join("\n")}
`,
};
