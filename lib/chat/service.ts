// Chat sessions: one open session per user and team, resumed until it ends or runs out of time.
import "server-only";
import type { Sql } from "../db/client";
import type { SessionEndReason, SessionLimits, SessionSummary } from "../protocol";
import type { ChatConfig } from "../teams/schemas";
import { countUserMessages, insertSession, markSessionEnded, selectOpenSession } from "./queries";
import type { SessionRow } from "./schemas";

export function sessionExpiresAt(
  session: Pick<SessionRow, "started_at">,
  config: ChatConfig,
): Date {
  return new Date(session.started_at.getTime() + config.max_session_duration_minutes * 60_000);
}

/**
 * The user's open session with the team, or a new one. An open session past its duration is
 * ended first. Serialised per user and team so two tabs connecting at once share one session.
 */
export async function openChatSession(
  sql: Sql,
  input: {
    teamId: string;
    userId: string;
    config: ChatConfig;
    metadata: Record<string, unknown>;
    now?: Date;
  },
): Promise<{ session: SessionRow; created: boolean }> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`chat:${input.teamId}:${input.userId}`}))`;
    const open = await selectOpenSession(tx, input.teamId, input.userId);
    const now = input.now ?? new Date();
    if (open && sessionExpiresAt(open, input.config) > now)
      return { session: open, created: false };
    if (open) await markSessionEnded(tx, open.id, "duration_limit");
    return {
      session: await insertSession(tx, input.teamId, input.userId, input.metadata),
      created: true,
    };
  });
}

export async function sessionLimits(
  sql: Sql,
  session: SessionRow,
  config: ChatConfig,
): Promise<SessionLimits> {
  const sent = await countUserMessages(sql, session.id);
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
