// ELF's chat WebSocket frames (elf-contract.md §3), as zod schemas: the transport parses every
// frame a team server sends with them (untrusted input), and our team server speaks the same shapes.
import type { RawData } from "ws";
import { z } from "zod";
import { prioritySchema } from "@/lib/protocol/delegation";

// ELF builds these with Pydantic defaults, so most fields may be missing on older servers.
export const delegationSpecSchema = z.looseObject({
  title: z.string().min(1),
  description: z.string().default(""),
  requirements: z
    .array(
      z.looseObject({
        description: z.string(),
        confidence: z.number().optional(),
        category: z.string().optional(),
      }),
    )
    .default([]),
  priority: prioritySchema.default("normal"),
  estimated_hours: z.number().nonnegative().nullish(),
  deadline: z.string().nullish(),
  source: z.string().optional(),
  session_id: z.string().optional(),
  user_id: z.string().optional(),
  chat_summary: z.string().optional(),
  confidence_level: z.number().nullish(),
  suggested_teams: z.array(z.string()).default([]),
  required_skills: z.array(z.string()).default([]),
  key_decisions: z.record(z.string(), z.unknown()).default({}),
  constraints: z.array(z.string()).default([]),
  success_criteria: z.array(z.string()).default([]),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type DelegationSpec = z.infer<typeof delegationSpecSchema>;

export const greetingFrameSchema = z.object({
  type: z.literal("greeting"),
  session_id: z.string().min(1),
  message: z.string(),
  manager: z.string().optional(),
  team: z.string().optional(),
});

export const statusFrameSchema = z.object({ type: z.literal("status"), status: z.string() });

// The reply itself must be well-formed; a bad bookkeeping field only loses that field, so the
// user still gets the answer.
export const messageFrameSchema = z.object({
  type: z.literal("message"),
  content: z.string(),
  thinking_time: z.number().nonnegative().optional().catch(undefined),
  ready_to_delegate: z.boolean().default(false).catch(false),
  metadata: z
    .looseObject({
      message_count: z.number().int().optional().catch(undefined),
      total_tokens: z.number().int().nonnegative().optional().catch(undefined),
    })
    .default({})
    .catch({}),
});

export const delegationPreviewFrameSchema = z.object({
  type: z.literal("delegation_preview"),
  delegation: delegationSpecSchema,
  requires_confirmation: z.boolean().default(true),
});

export const sessionSummarySchema = z.looseObject({
  session_id: z.string(),
  duration_seconds: z.number(),
  total_messages: z.number().int(),
  total_tokens: z.number().int(),
  delegation_created: z.boolean(),
  end_reason: z.string(),
});

export const sessionEndedFrameSchema = z.object({
  type: z.literal("session_ended"),
  summary: sessionSummarySchema.partial().optional(),
});

export const errorFrameSchema = z.object({ type: z.literal("error"), message: z.string() });

export const serverFrameSchema = z.discriminatedUnion("type", [
  greetingFrameSchema,
  statusFrameSchema,
  messageFrameSchema,
  delegationPreviewFrameSchema,
  sessionEndedFrameSchema,
  errorFrameSchema,
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
/** What a server writes: defaults may be left out. */
export type ServerFrameInput = z.input<typeof serverFrameSchema>;

export const clientMessageFrameSchema = z.object({
  type: z.literal("message"),
  message: z.string().trim().min(1, "the message is empty").max(32_000, "the message is too long"),
  session_id: z.string().optional(),
  context: z.record(z.string(), z.unknown()).default({}),
});

export const clientFrameSchema = z.discriminatedUnion("type", [
  clientMessageFrameSchema,
  z.object({ type: z.literal("end_session") }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type FrameParse<T> = { ok: true; frame: T } | { ok: false; reason: string };

/** Parses one WebSocket message; never throws. */
export function parseFrame<S extends z.ZodType>(
  schema: S,
  data: RawData,
  isBinary: boolean,
): FrameParse<z.infer<S>> {
  if (isBinary) return { ok: false, reason: "binary frame" };
  const bytes = Buffer.isBuffer(data)
    ? data
    : Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.from(data);
  const text = bytes.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return { ok: false, reason: z.prettifyError(parsed.error).replace(/\n/g, "; ") };
  return { ok: true, frame: parsed.data };
}
