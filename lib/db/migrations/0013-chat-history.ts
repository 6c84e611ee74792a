// A user's conversation history: their sessions newest first (the session rail and /chats), and
// search across what was said in them. Full text with the 'simple' configuration: no stemming and
// no stop words, so it works the same in every language people chat in.
import "server-only";
import type { Migration } from "./index";

export const chatHistory: Migration = {
  id: "0013-chat-history",
  sql: `
CREATE INDEX IF NOT EXISTS team_chat_sessions_user_id_started_at_idx
  ON team_chat_sessions (user_id, started_at DESC);
CREATE INDEX IF NOT EXISTS team_chat_messages_content_fts_idx
  ON team_chat_messages USING gin (to_tsvector('simple', content));
`,
};
