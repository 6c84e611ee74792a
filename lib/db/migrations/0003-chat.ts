// How each team's manager is reached, and what the chat relay needs on ELF's chat tables.
import "server-only";
import type { Migration } from "./index";

export const chat: Migration = {
  id: "0003-chat",
  sql: `
CREATE TABLE IF NOT EXISTS cc_team_managers (
  team_id uuid PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
  kind text NOT NULL DEFAULT 'builtin' CHECK (kind IN ('builtin', 'elf')),
  url text CHECK (kind = 'builtin' OR url ~ '^https?://'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A resent message (same client_id) is stored once.
CREATE UNIQUE INDEX IF NOT EXISTS team_chat_messages_client_id_key
  ON team_chat_messages (session_id, (metadata->>'client_id'))
  WHERE metadata ? 'client_id';

-- The open session of a user with a team is looked up on every connect.
CREATE INDEX IF NOT EXISTS team_chat_sessions_open_idx
  ON team_chat_sessions (team_id, user_id, started_at DESC) WHERE ended_at IS NULL;
`,
};
