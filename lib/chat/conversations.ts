// A person's conversation history: their sessions with each team, titled and searchable, and one
// session read back in full. Who may read what is decided here, on the server: a user reads only
// their own sessions; admins and viewers (who read every team's chats) may open anyone's.
import "server-only";
import { z } from "zod";
import type { Role } from "../auth/roles";
import type { Sql } from "../db/client";
import { listSessionPlans } from "../delegation/service";
import { PLAN_STATUSES, type DelegationPlan } from "../protocol";
import { selectMessages } from "./queries";
import type { MessageRow } from "./schemas";

const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 100;
const TITLE_CHARS = 80;
/** At most this many words of a search are used; more narrow nothing a person would notice. */
const MAX_SEARCH_WORDS = 8;

const conversationRowSchema = z.object({
  id: z.string(),
  team_name: z.string(),
  team_display_name: z.string(),
  user_id: z.string(),
  started_at: z.date(),
  ended_at: z.date().nullable(),
  end_reason: z.string().nullable(),
  first_message: z.string().nullable(),
  plan_status: z.enum(PLAN_STATUSES).nullable(),
  plan_title: z.string().nullable(),
  task_id: z.string().nullable(),
  match: z.string().nullable(),
});

export interface Conversation {
  id: string;
  team: { name: string; display_name: string };
  /** The plan's title when the session made one, else the first thing the user wrote. */
  title: string;
  started_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
  plan: { status: DelegationPlan["status"]; title: string } | null;
  /** The task the session's plan became, once confirmed. */
  task_id: string | null;
  /** For a search: the first message that matched, as stored. */
  match: string | null;
}

export function titleOf(planTitle: string | null, firstMessage: string | null): string {
  const text = (planTitle ?? firstMessage ?? "").replace(/\s+/g, " ").trim();
  if (!text) return "New conversation";
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1).trimEnd()}…` : text;
}

/**
 * The words of a search as a prefix query ("analyt dash" finds "analytics dashboard"), or null
 * when it has no word to look for. Only letters and digits reach to_tsquery, so no input can make
 * it fail.
 */
export function searchQueryOf(text: string): string | null {
  const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_SEARCH_WORDS);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(" & ") : null;
}

export interface ListConversationsOptions {
  /** Only this team's sessions (its registry id). */
  teamId?: string;
  /** Only sessions where a message or the plan's title matches these words. */
  search?: string;
  limit?: number;
}

/**
 * This user's own sessions, newest first: every session they wrote in, and the open one even when
 * it is still empty. A search that has no word to look for finds nothing.
 */
export function listConversations(
  sql: Sql,
  userId: string,
  options: ListConversationsOptions = {},
): Promise<Conversation[]> {
  return selectConversations(sql, { ...options, userId });
}

async function selectConversations(
  sql: Sql,
  options: ListConversationsOptions & { userId?: string; sessionId?: string },
): Promise<Conversation[]> {
  const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  const tsquery = options.search === undefined ? undefined : searchQueryOf(options.search);
  if (tsquery === null) return [];
  const query = tsquery === undefined ? null : sql`to_tsquery('simple', ${tsquery})`;

  const rows = await sql`
    SELECT s.id::text, t.name AS team_name, t.display_name AS team_display_name, s.user_id,
      s.started_at, s.ended_at, s.session_metadata->>'end_reason' AS end_reason,
      (SELECT m.content FROM team_chat_messages m
        WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.created_at, m.id LIMIT 1) AS first_message,
      p.status AS plan_status, p.title AS plan_title,
      (SELECT task.id::text FROM cc_tasks task WHERE task.plan_id = p.id) AS task_id,
      ${
        query
          ? sql`(SELECT m.content FROM team_chat_messages m
              WHERE m.session_id = s.id AND to_tsvector('simple', m.content) @@ ${query}
              ORDER BY m.created_at, m.id LIMIT 1)`
          : sql`NULL::text`
      } AS match
    FROM team_chat_sessions s
    JOIN teams t ON t.id = s.team_id
    LEFT JOIN LATERAL (
      -- The session's plan that counts: a confirmed one, else the latest.
      SELECT pl.id, pl.status, v.draft->>'title' AS title
      FROM cc_delegation_plans pl
      JOIN cc_delegation_plan_versions v ON v.plan_id = pl.id AND v.version = pl.current_version
      WHERE pl.session_id = s.id
      ORDER BY (pl.status = 'confirmed') DESC, pl.created_at DESC
      LIMIT 1
    ) p ON true
    WHERE ${
      options.sessionId !== undefined
        ? sql`s.id = ${options.sessionId}`
        : sql`s.user_id = ${options.userId ?? ""}
          AND (s.ended_at IS NULL OR EXISTS (
            SELECT 1 FROM team_chat_messages m WHERE m.session_id = s.id AND m.role = 'user'))`
    }
      ${options.teamId ? sql`AND s.team_id = ${options.teamId}` : sql``}
      ${
        query
          ? sql`AND (EXISTS (SELECT 1 FROM team_chat_messages m
                  WHERE m.session_id = s.id AND to_tsvector('simple', m.content) @@ ${query})
                OR to_tsvector('simple', coalesce(p.title, '')) @@ ${query})`
          : sql``
      }
    ORDER BY s.started_at DESC, s.id DESC
    LIMIT ${limit}`;

  return rows.map((raw) => {
    const row = conversationRowSchema.parse(raw);
    return {
      id: row.id,
      team: { name: row.team_name, display_name: row.team_display_name },
      title: titleOf(row.plan_title, row.first_message),
      started_at: row.started_at,
      ended_at: row.ended_at,
      end_reason: row.end_reason,
      plan:
        row.plan_status && row.plan_title !== null
          ? { status: row.plan_status, title: row.plan_title }
          : null,
      task_id: row.task_id,
      match: row.match,
    };
  });
}

export interface ConversationDetail extends Conversation {
  /** Whose conversation it is: the Control Center user when known, else ELF's user id as stored. */
  user: { id: string; name: string | null; email: string | null };
  messages: MessageRow[];
  /** Every plan proposed in the session, each at its latest version, oldest first. */
  plans: DelegationPlan[];
}

const UUID = z.uuid();

/**
 * One session in full, for a reader allowed to see it: its owner, or an admin or viewer. Anyone
 * else gets null, exactly as for a session that does not exist, so ids cannot be probed.
 */
export async function getConversation(
  sql: Sql,
  sessionId: string,
  reader: { id: string; role: Role },
): Promise<ConversationDetail | null> {
  if (!UUID.safeParse(sessionId).success) return null;
  const [owner] = await sql<{ user_id: string; name: string | null; email: string | null }[]>`
    SELECT s.user_id, u.name, u.email FROM team_chat_sessions s
    LEFT JOIN cc_users u ON u.id::text = s.user_id
    WHERE s.id = ${sessionId}`;
  if (!owner) return null;
  const isOwn = owner.user_id === reader.id;
  if (!isOwn && reader.role !== "admin" && reader.role !== "viewer") return null;

  const [summary] = await selectConversations(sql, { sessionId });
  if (!summary) return null;
  const [messages, plans] = await Promise.all([
    selectMessages(sql, sessionId),
    listSessionPlans(sql, [sessionId]),
  ]);
  return {
    ...summary,
    user: { id: owner.user_id, name: owner.name, email: owner.email },
    messages,
    plans: plans.get(sessionId) ?? [],
  };
}
