// Chat sessions: one open session per user and team, resumed until it ends or runs out of time.
import "server-only";
import type { Db, Sql } from "../db/client";
import type { SessionEndReason, SessionLimits, SessionSummary } from "../protocol";
import type { ChatConfig } from "../teams/schemas";
import { countUserMessages, markSessionEnded, openSessionRow } from "./queries";
import type { SessionRow } from "./schemas";

export function sessionExpiresAt(
  session: Pick<SessionRow, "started_at">,
  config: ChatConfig,
): Date {
  return new Date(session.started_at.getTime() + config.max_session_duration_minutes * 60_000);
}

/**
 * The user's open session with the team, or a new one. An open session past its duration is
 * ended first. Serialised per user and team so two tabs connecting at once share one session;
 * resuming, the common case (a reload; every user at once after a deploy), takes no lock.
 */
export function openChatSession(
  sql: Db,
  input: {
    teamId: string;
    userId: string;
    config: ChatConfig;
    metadata: Record<string, unknown>;
    now?: Date;
  },
): Promise<{ session: SessionRow; created: boolean }> {
  return openSessionRow(sql, {
    teamId: input.teamId,
    userId: input.userId,
    metadata: input.metadata,
    durationMinutes: input.config.max_session_duration_minutes,
    now: input.now ?? new Date(),
  });
}

export async function sessionLimits(
  sql: Sql,
  session: SessionRow,
  config: ChatConfig,
): Promise<SessionLimits> {
  return limitsOf(session, config, await countUserMessages(sql, session.id));
}

/** The session's limits under `config`, when the user has sent `sent` messages in it. */
export function limitsOf(session: SessionRow, config: ChatConfig, sent: number): SessionLimits {
  return {
    max_messages: config.max_messages_per_session,
    messages_left: Math.max(0, config.max_messages_per_session - sent),
    max_duration_minutes: config.max_session_duration_minutes,
    expires_at: sessionExpiresAt(session, config).toISOString(),
    context_window_messages: config.context_window_messages,
  };
}

export function summarizeSession(session: SessionRow, reason: SessionEndReason): SessionSummary {
  const ended = session.ended_at ?? new Date();
  return {
    session_id: session.id,
    reason,
    duration_seconds: Math.round((ended.getTime() - session.started_at.getTime()) / 1000),
    total_messages: session.message_count,
    total_tokens: session.total_tokens,
    ended_at: ended.toISOString(),
  };
}

export async function endChatSession(
  sql: Sql,
  sessionId: string,
  reason: SessionEndReason,
): Promise<SessionSummary | null> {
  const ended = await markSessionEnded(sql, sessionId, reason);
  return ended ? summarizeSession(ended, reason) : null;
}
