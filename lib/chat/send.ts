// Storing a user's message is one statement (one round trip on the hot path): it checks the
// session, takes the message from the user's allowance when that is kept in this database, stores
// and counts the message, and reads the context window the manager is given.
import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { jsonObjectSchema } from "../db/json";
import { selectMessageByClientId } from "./queries";
import { messageRowSchema, type ChatTurn, type MessageRow } from "./schemas";

export interface UserMessageInput {
  sessionId: string;
  content: string;
  tokenCount: number;
  clientId?: string;
  maxMessages: number;
  maxDurationMinutes: number;
  contextSize: number;
  /** The user's allowance, taken in this statement; without it the caller has taken it. */
  allowance?: StatementAllowance;
}

/**
 * A rate limit kept as RateLimiterPostgres keeps it (in `table`): a row per key with the points
 * used and the instant, in ms since the epoch by the instance's clock, at which they lapse. The
 * message is stored only if it is within `points`; one that is not is counted all the same, as
 * RateLimiterPostgres's consume counts it, and a refund goes through the limiter.
 */
export interface StatementAllowance {
  table: string;
  key: string;
  points: number;
  durationMs: number;
}

export type UserMessageOutcome =
  | { kind: "stored"; message: MessageRow; context: ChatTurn[] }
  /** The same client_id was stored before: acknowledge that message again, whatever else holds. */
  | { kind: "duplicate"; message: MessageRow; allowanceTaken: boolean }
  /** Over the allowance given in the statement: nothing stored, ready again in msBeforeNext. */
  | { kind: "rate_limited"; msBeforeNext: number }
  | { kind: "ended" | "expired" | "limit" | "missing"; userMessages: number };

const jsonMessageSchema = messageRowSchema.extend({
  created_at: z.coerce.date(),
  metadata: jsonObjectSchema,
});
const resultSchema = z.object({
  state: z
    .object({
      ended: z.boolean(),
      expired: z.boolean(),
      user_messages: z.number().int(),
      existing: jsonMessageSchema.nullable(),
    })
    .nullable(),
  stored: jsonMessageSchema.nullable(),
  allowance: z.object({ points: z.number().int(), expire: z.coerce.number() }).nullable(),
  recent: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() })),
});

export async function storeUserMessage(
  sql: Db,
  input: UserMessageInput,
): Promise<UserMessageOutcome> {
  const metadata = input.clientId ? { client_id: input.clientId } : {};
  const { allowance } = input;
  const now = Date.now();
  // The message may be stored: nothing about the session refuses it.
  const admissible = sql`NOT ended AND NOT expired AND existing IS NULL AND user_messages < ${input.maxMessages}`;
  const [row] = await sql`
    WITH state AS (
      SELECT s.id, s.ended_at IS NOT NULL AS ended,
        s.started_at + make_interval(mins => ${input.maxDurationMinutes}) <= now() AS expired,
        (SELECT count(*)::int FROM team_chat_messages m WHERE m.session_id = s.id AND m.role = 'user') AS user_messages,
        (SELECT row_to_json(e) FROM (
          SELECT m.id::text, m.role, m.content, m.token_count, m.metadata, m.created_at FROM team_chat_messages m
          WHERE m.session_id = s.id AND m.metadata ? 'client_id' AND m.metadata->>'client_id' = ${input.clientId ?? null}
        ) e) AS existing
      FROM team_chat_sessions s WHERE s.id = ${input.sessionId}
    ), allowance AS (${
      allowance
        ? sql`
      INSERT INTO ${sql(allowance.table)} AS r (key, points, expire)
      SELECT ${allowance.key}, 1, ${now + allowance.durationMs} FROM state WHERE ${admissible}
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN r.expire <= ${now} THEN 1 ELSE r.points + 1 END,
        expire = CASE WHEN r.expire <= ${now} THEN excluded.expire ELSE r.expire END
      RETURNING points, expire`
        : sql`SELECT NULL::int AS points, NULL::bigint AS expire WHERE false`
    }), stored AS (
      INSERT INTO team_chat_messages (session_id, role, content, token_count, metadata, created_at)
      SELECT id, 'user', ${input.content}, ${input.tokenCount}, ${sql.json(metadata)}, clock_timestamp() FROM state
      WHERE ${admissible}${
        allowance ? sql` AND (SELECT points FROM allowance) <= ${allowance.points}` : sql``
      }
      ON CONFLICT DO NOTHING
      RETURNING id::text, role, content, token_count, metadata, created_at
    ), counted AS (
      UPDATE team_chat_sessions
      SET message_count = coalesce(message_count, 0) + 1, total_tokens = coalesce(total_tokens, 0) + ${input.tokenCount}
      WHERE id = ${input.sessionId} AND EXISTS (SELECT 1 FROM stored)
    ), recent AS (
      SELECT role, content, created_at, id FROM team_chat_messages
      WHERE session_id = ${input.sessionId} AND role IN ('user', 'assistant')
      ORDER BY created_at DESC, id DESC LIMIT ${input.contextSize}
    )
    SELECT
      (SELECT json_build_object('ended', ended, 'expired', expired, 'user_messages', user_messages, 'existing', existing) FROM state) AS state,
      (SELECT row_to_json(stored) FROM stored) AS stored,
      (SELECT row_to_json(allowance) FROM allowance) AS allowance,
      (SELECT coalesce(json_agg(json_build_object('role', role, 'content', content) ORDER BY created_at, id), '[]'::json) FROM recent) AS recent`;
  const { state, stored, allowance: taken, recent } = resultSchema.parse(row);
  if (!state) return { kind: "missing", userMessages: 0 };
  if (state.existing) return { kind: "duplicate", message: state.existing, allowanceTaken: false };
  if (allowance && taken && taken.points > allowance.points)
    return { kind: "rate_limited", msBeforeNext: Math.max(taken.expire - now, 0) };
  if (stored) {
    // The statement's snapshot does not see its own insert: the new message closes the window.
    const context = [...recent, { role: "user" as const, content: stored.content }].slice(
      -input.contextSize,
    );
    return { kind: "stored", message: stored, context };
  }
  if (state.ended) return { kind: "ended", userMessages: state.user_messages };
  if (state.expired) return { kind: "expired", userMessages: state.user_messages };
  if (state.user_messages < input.maxMessages && input.clientId) {
    // Nothing refused it, so a concurrent resend (another instance) stored it first.
    const winner = await selectMessageByClientId(sql, input.sessionId, input.clientId);
    if (winner) return { kind: "duplicate", message: winner, allowanceTaken: taken !== null };
  }
  return { kind: "limit", userMessages: state.user_messages };
}
