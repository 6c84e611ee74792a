// Admitting a chat socket in one statement instead of six. The per-user count behind the cap on
// open chats (server/chat/limits.ts) needs the user's lock, then fresh reads: a plpgsql function
// takes a new snapshot for each statement inside it, so the count after the lock sees every
// socket whose admission committed before, as BEGIN; lock; DELETE; INSERT; SELECT; COMMIT did,
// in one round trip and one statement for the server to parse and plan. Every socket opened
// (a deploy reconnects every user at once) went through those six.
import "server-only";
import type { Migration } from "./index";

export const admitConnection: Migration = {
  id: "0015-admit-connection",
  sql: `
CREATE OR REPLACE FUNCTION cc_admit_chat_connection(p_user_id uuid, p_socket_key text, p_ttl interval)
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  -- Two of the user's sockets admitted at once on two instances count each other.
  PERFORM pg_advisory_xact_lock(hashtext('chat-connections:' || p_user_id::text));
  DELETE FROM cc_chat_connections WHERE user_id = p_user_id AND expires_at < now();
  INSERT INTO cc_chat_connections (socket_key, user_id, expires_at)
  VALUES (p_socket_key, p_user_id, now() + p_ttl)
  ON CONFLICT (socket_key) DO UPDATE SET expires_at = excluded.expires_at;
  RETURN (SELECT count(*)::integer FROM cc_chat_connections WHERE user_id = p_user_id);
END
$$;
`,
};
