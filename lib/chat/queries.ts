// team_chat_sessions and team_chat_messages, ELF's tables, read and written as ELF does.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import type { SessionEndReason } from "../protocol";
import { messageRowSchema, sessionRowSchema, type MessageRow, type SessionRow } from "./schemas";

const SESSION_COLUMNS = (sql: Db) =>
  sql`id::text, team_id::text, user_id, session_id, started_at, ended_at, message_count, total_tokens, session_metadata`;
const MESSAGE_COLUMNS = (sql: Db) =>
  sql`id::text, role, content, token_count, metadata, created_at`;

/**
 * The user's open session with the team, or a new one when there is none or it has run past
 * `durationMinutes` at `now` (it is then ended, reason duration_limit): one statement, serialised
 * per user and team (migration 0017).
 */
export async function openSessionRow(
  sql: Db,
  input: {
    teamId: string;
    userId: string;
    metadata: Record<string, unknown>;
    durationMinutes: number;
    now: Date;
  },
): Promise<{ session: SessionRow; created: boolean }> {
  const [row] = await sql`
    SELECT ${SESSION_COLUMNS(sql)}, created FROM (
      SELECT (o.session).*, o.created FROM cc_open_chat_session(
        ${input.teamId}, ${input.userId}, ${randomUUID()}, ${sql.json(input.metadata as never)},
        ${input.durationMinutes} * interval '1 minute', ${input.now}
      ) o
    ) opened`;
  return { session: sessionRowSchema.parse(row), created: row?.created === true };
}

export async function selectSession(sql: Db, id: string): Promise<SessionRow | null> {
  const [row] = await sql`SELECT ${SESSION_COLUMNS(sql)} FROM team_chat_sessions WHERE id = ${id}`;
  return row ? sessionRowSchema.parse(row) : null;
}

export async function insertSession(
  sql: Db,
  teamId: string,
  userId: string,
  metadata: Record<string, unknown>,
): Promise<SessionRow> {
  const [row] = await sql`
    INSERT INTO team_chat_sessions (team_id, user_id, session_id, session_metadata)
    VALUES (${teamId}, ${userId}, ${randomUUID()}, ${sql.json(metadata as never)})
    RETURNING ${SESSION_COLUMNS(sql)}`;
  return sessionRowSchema.parse(row);
}

/** Ends the session once; returns null when it had already ended. */
export async function markSessionEnded(
  sql: Db,
  id: string,
  reason: SessionEndReason,
): Promise<SessionRow | null> {
  const [row] = await sql`
    UPDATE team_chat_sessions
    SET ended_at = now(),
        session_metadata = coalesce(session_metadata, '{}'::jsonb) || ${sql.json({ end_reason: reason })}
    WHERE id = ${id} AND ended_at IS NULL
    RETURNING ${SESSION_COLUMNS(sql)}`;
  return row ? sessionRowSchema.parse(row) : null;
}

export interface NewMessage {
  sessionId: string;
  role: MessageRow["role"];
  content: string;
  tokenCount: number;
  metadata?: Record<string, unknown>;
}

/**
 * Stores a message and counts it on its session, atomically in one statement (one round trip).
 * A message whose client_id was already stored is not stored again: the earlier one is returned
 * with `duplicate: true`.
 */
export async function insertMessage(
  sql: Db,
  message: NewMessage,
): Promise<{ row: MessageRow; duplicate: boolean }> {
  const [inserted] = await sql`
    WITH stored AS (
      INSERT INTO team_chat_messages (session_id, role, content, token_count, metadata, created_at)
      VALUES (${message.sessionId}, ${message.role}, ${message.content}, ${message.tokenCount},
        ${sql.json((message.metadata ?? {}) as never)}, clock_timestamp())
      ON CONFLICT DO NOTHING
      RETURNING ${MESSAGE_COLUMNS(sql)}
    ), counted AS (
      UPDATE team_chat_sessions
      SET message_count = coalesce(message_count, 0) + 1,
          total_tokens = coalesce(total_tokens, 0) + ${message.tokenCount}
      WHERE id = ${message.sessionId} AND EXISTS (SELECT 1 FROM stored)
    )
    SELECT * FROM stored`;
  if (inserted) return { row: messageRowSchema.parse(inserted), duplicate: false };
  const existing = await selectMessageByClientId(
    sql,
    message.sessionId,
    String(message.metadata?.client_id),
  );
  if (!existing) throw new Error("message neither stored nor found");
  return { row: existing, duplicate: true };
}

export async function selectMessages(sql: Db, sessionId: string): Promise<MessageRow[]> {
  const rows = await sql`
    SELECT ${MESSAGE_COLUMNS(sql)} FROM team_chat_messages
    WHERE session_id = ${sessionId} ORDER BY created_at, id`;
  return rows.map((row) => messageRowSchema.parse(row));
}

export async function countUserMessages(sql: Db, sessionId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM team_chat_messages WHERE session_id = ${sessionId} AND role = 'user'`;
  return row?.n ?? 0;
}

export async function selectMessageByClientId(
  sql: Db,
  sessionId: string,
  clientId: string,
): Promise<MessageRow | null> {
  const [row] = await sql`
    SELECT ${MESSAGE_COLUMNS(sql)} FROM team_chat_messages
    WHERE session_id = ${sessionId} AND metadata ? 'client_id' AND metadata->>'client_id' = ${clientId}`;
  return row ? messageRowSchema.parse(row) : null;
}
