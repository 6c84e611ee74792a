// Opening a chat session in one statement instead of five. A socket's first connection to a team
// (and every user's, after a deploy, when sessions have run out) went through BEGIN, the user and
// team's lock with the read it guards, the insert and COMMIT: four round trips after the unlocked
// read that finds a session to resume. cc_open_chat_session makes the same reads in the same
// order in one: resuming is still one read without a lock, and each statement after the lock
// reads what committed before it, as the transaction's did, so two tabs connecting at once on
// two instances still share one session.
import "server-only";
import type { Migration } from "./index";

export const openChatSession: Migration = {
  id: "0017-open-chat-session",
  sql: `
CREATE OR REPLACE FUNCTION cc_open_chat_session(
  p_team_id uuid, p_user_id text, p_session_key text, p_metadata jsonb,
  p_duration interval, p_now timestamptz,
  OUT session team_chat_sessions, OUT created boolean
)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  created := false;
  -- Resuming, the common case (a reload; every user at once after a deploy): no lock.
  SELECT * INTO session FROM team_chat_sessions
  WHERE team_id = p_team_id AND user_id = p_user_id AND ended_at IS NULL
  ORDER BY started_at DESC LIMIT 1;
  IF FOUND AND session.started_at + p_duration > p_now THEN RETURN; END IF;

  PERFORM pg_advisory_xact_lock(hashtext('chat:' || p_team_id::text || ':' || p_user_id));
  SELECT * INTO session FROM team_chat_sessions
  WHERE team_id = p_team_id AND user_id = p_user_id AND ended_at IS NULL
  ORDER BY started_at DESC LIMIT 1;
  IF FOUND AND session.started_at + p_duration > p_now THEN RETURN; END IF;
  -- Past its duration: ended as markSessionEnded ends it, and a new one begins.
  IF FOUND THEN
    UPDATE team_chat_sessions
    SET ended_at = now(),
        session_metadata = coalesce(session_metadata, '{}'::jsonb) || '{"end_reason": "duration_limit"}'::jsonb
    WHERE id = session.id AND ended_at IS NULL;
  END IF;
  INSERT INTO team_chat_sessions (team_id, user_id, session_id, session_metadata)
  VALUES (p_team_id, p_user_id, p_session_key, p_metadata)
  RETURNING * INTO session;
  created := true;
END
$$;
`,
};
