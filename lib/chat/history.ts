// Read-only chat transcripts of a team (ELF's team_chat_sessions / team_chat_messages) with the
// delegation plans proposed in them, for the people who may read a team's chats but not write in them.
import "server-only";
import { z } from "zod";
import type { Sql } from "../db/client";
import { listSessionPlans } from "../delegation/service";
import type { DelegationPlan } from "../protocol";
import { messageRowSchema, type MessageRow } from "./schemas";

const DEFAULT_SESSIONS = 10;
const MAX_SESSIONS = 50;

const transcriptSessionRowSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  user_name: z.string().nullable(),
  user_email: z.string().nullable(),
  started_at: z.date(),
  ended_at: z.date().nullable(),
  end_reason: z.string().nullable(),
});

const transcriptMessageRowSchema = messageRowSchema.extend({ session_id: z.string() });

export interface Transcript {
  id: string;
  /** Who chatted: the Control Center user when known, else ELF's user id as stored. */
  user: { id: string; name: string | null; email: string | null };
  started_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  messages: MessageRow[];
  /** The delegation plans proposed in the session, each at its latest version, oldest first. */
  plans: DelegationPlan[];
}

/**
 * The team's most recent sessions that hold at least one user message, newest session first,
 * each with its messages oldest first.
 */
export async function listTeamTranscripts(
  sql: Sql,
  teamId: string,
  options: { sessions?: number } = {},
): Promise<Transcript[]> {
  const limit = Math.min(Math.max(1, options.sessions ?? DEFAULT_SESSIONS), MAX_SESSIONS);
  const sessionRows = await sql`
    SELECT s.id::text, s.user_id, u.name AS user_name, u.email AS user_email, s.started_at, s.ended_at,
      s.session_metadata->>'end_reason' AS end_reason
    FROM team_chat_sessions s
    LEFT JOIN cc_users u ON u.id::text = s.user_id
    WHERE s.team_id = ${teamId}
      AND EXISTS (SELECT 1 FROM team_chat_messages m WHERE m.session_id = s.id AND m.role = 'user')
    ORDER BY s.started_at DESC, s.id DESC
    LIMIT ${limit}`;
  const sessions = sessionRows.map((row) => transcriptSessionRowSchema.parse(row));
  if (sessions.length === 0) return [];

  const sessionIds = sessions.map((s) => s.id);
  const [messageRows, plans] = await Promise.all([
    sql`
      SELECT session_id::text, id::text, role, content, token_count, metadata, created_at
      FROM team_chat_messages
      WHERE session_id = ANY(${sessionIds}::uuid[])
      ORDER BY created_at, id`,
    listSessionPlans(sql, sessionIds),
  ]);
  const bySession = new Map<string, MessageRow[]>();
  for (const raw of messageRows) {
    const { session_id, ...message } = transcriptMessageRowSchema.parse(raw);
    const list = bySession.get(session_id);
    if (list) list.push(message);
    else bySession.set(session_id, [message]);
  }

  return sessions.map(({ user_id, user_name, user_email, ...session }) => ({
    ...session,
    user: { id: user_id, name: user_name, email: user_email },
    messages: bySession.get(session.id) ?? [],
    plans: plans.get(session.id) ?? [],
  }));
}
