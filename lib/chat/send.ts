// Storing a user's message is one statement (one round trip on the hot path): it checks the
// session, stores and counts the message, and reads the context window the manager is given.
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
}

export type UserMessageOutcome =
  | { kind: "stored"; message: MessageRow; context: ChatTurn[] }
  /** The same client_id was stored before: acknowledge that message again, whatever else holds. */
  | { kind: "duplicate"; message: MessageRow }
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
  recent: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() })),
});

export async function storeUserMessage(
  sql: Db,
  input: UserMessageInput,
): Promise<UserMessageOutcome> {
  const metadata = input.clientId ? { client_id: input.clientId } : {};
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
    ), stored AS (
      INSERT INTO team_chat_messages (session_id, role, content, token_count, metadata, created_at)
      SELECT id, 'user', ${input.content}, ${input.tokenCount}, ${sql.json(metadata)}, clock_timestamp() FROM state
      WHERE NOT ended AND NOT expired AND existing IS NULL AND user_messages < ${input.maxMessages}
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
      (SELECT coalesce(json_agg(json_build_object('role', role, 'content', content) ORDER BY created_at, id), '[]'::json) FROM recent) AS recent`;
  const { state, stored, recent } = resultSchema.parse(row);
  if (!state) return { kind: "missing", userMessages: 0 };
  if (state.existing) return { kind: "duplicate", message: state.existing };
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
    if (winner) return { kind: "duplicate", message: winner };
  }
  return { kind: "limit", userMessages: state.user_messages };
}
