import { z } from "zod";
import { jsonObjectSchema } from "../db/json";
import type { ChatMessage } from "../protocol";

export const sessionRowSchema = z.object({
  id: z.string(),
  team_id: z.string(),
  user_id: z.string(),
  session_id: z.string(),
  started_at: z.date(),
  ended_at: z.date().nullable(),
  message_count: z
    .number()
    .int()
    .nullable()
    .transform((v) => v ?? 0),
  total_tokens: z
    .number()
    .int()
    .nullable()
    .transform((v) => v ?? 0),
  session_metadata: jsonObjectSchema,
});
export type SessionRow = z.infer<typeof sessionRowSchema>;

export const messageRowSchema = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant", "system"]),
  content: z.string(),
  token_count: z
    .number()
    .int()
    .nullable()
    .transform((v) => v ?? 0),
  metadata: jsonObjectSchema,
  created_at: z.date(),
});
export type MessageRow = z.infer<typeof messageRowSchema>;

/** One turn of the conversation as a manager is given it (system notes are not turns). */
export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export function toChatMessage(row: MessageRow): ChatMessage {
  return { ...row, created_at: row.created_at.toISOString() };
}
