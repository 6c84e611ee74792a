// The ELF Automations contract (elf-contract.md §2–3) in one place: chat frames, DelegationSpec,
// token claims and the team server's HTTP bodies. Read as ELF really writes them — pydantic and
// dataclasses send `null` for an unset Optional field, numbers come as int or float, datetimes
// with or without a zone, and newer servers add keys — so every optional field is `.nullish()`,
// unknown keys are ignored, and defaults fill what is missing. Both sides use these schemas: the
// relay and the ELF client parse what team servers send, our team server writes the same shapes.
import { z } from "zod";

/** An Optional field: absent or null both mean "not set" and read as `fallback`. */
const orDefault = <S extends z.ZodType>(schema: S, fallback: z.output<S>) =>
  schema.nullish().transform((value): z.output<S> => value ?? fallback);

/** A list of strings; non-string items (a careless server's nulls) are dropped, not fatal. */
const stringList = orDefault(z.array(z.unknown()), []).transform((items) =>
  items.filter((item): item is string => typeof item === "string"),
);

/**
 * An ELF datetime: ISO 8601 with or without a zone (Python's `datetime.utcnow().isoformat()` has
 * none and means UTC). Kept as sent; `elfDateTimeToIso` reads it.
 */
export const elfDateTimeSchema = z.string();

/** The ISO instant of an ELF datetime (naive means UTC), or null when it is not one. */
export function elfDateTimeToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const naive = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value);
  const parsed = Date.parse(naive ? `${value.replace(" ", "T")}Z` : value);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

// ---- DelegationSpec ------------------------------------------------------------------------

export const ELF_PRIORITIES = ["low", "normal", "high", "urgent"] as const;

export const delegationRequirementSchema = z.looseObject({
  description: z.string(),
  confidence: z.number().nullish(),
  category: z.string().nullish(),
  source_message_id: z.string().nullish(),
});

export const delegationSpecSchema = z.looseObject({
  title: z.string().min(1),
  description: orDefault(z.string(), ""),
  requirements: orDefault(z.array(delegationRequirementSchema), []),
  /** One of ELF_PRIORITIES; kept as sent, since a newer ELF may add one (read as "normal"). */
  priority: orDefault(z.string(), "normal"),
  estimated_hours: z.number().nullish(),
  deadline: elfDateTimeSchema.nullish(),
  source: z.string().nullish(),
  session_id: z.string().nullish(),
  user_id: z.string().nullish(),
  chat_summary: z.string().nullish(),
  confidence_level: z.number().nullish(),
  suggested_teams: stringList,
  required_skills: stringList,
  key_decisions: orDefault(z.record(z.string(), z.unknown()), {}),
  constraints: stringList,
  success_criteria: stringList,
  created_at: elfDateTimeSchema.nullish(),
  updated_at: elfDateTimeSchema.nullish(),
});
export type DelegationSpec = z.infer<typeof delegationSpecSchema>;

/** A plan as a team server takes it with a person's edits: only ELF's own priorities. */
export const editedDelegationSpecSchema = delegationSpecSchema.extend({
  priority: orDefault(z.enum(ELF_PRIORITIES), "normal"),
});
export type DelegationSpecInput = z.input<typeof delegationSpecSchema>;

// ---- WS /chat frames, server → client -------------------------------------------------------

export const greetingFrameSchema = z.looseObject({
  type: z.literal("greeting"),
  session_id: z.string().min(1),
  message: orDefault(z.string(), ""),
  manager: z.string().nullish(),
  team: z.string().nullish(),
});

export const statusFrameSchema = z.looseObject({
  type: z.literal("status"),
  status: orDefault(z.string(), ""),
});

/** A count ELF may send as 3 or 3.0; anything unusable is dropped, never fatal to the reply. */
const count = z
  .number()
  .nonnegative()
  .transform((n) => Math.round(n))
  .nullish()
  .catch(undefined);

// The reply itself must be well-formed; a bad bookkeeping field only loses that field, so the
// user still gets the answer.
export const messageFrameSchema = z.looseObject({
  type: z.literal("message"),
  content: z.string(),
  thinking_time: z.number().nonnegative().nullish().catch(undefined),
  ready_to_delegate: z.boolean().nullish().catch(false),
  metadata: z.looseObject({ message_count: count, total_tokens: count }).nullish().catch(undefined),
});

export const delegationPreviewFrameSchema = z.looseObject({
  type: z.literal("delegation_preview"),
  delegation: delegationSpecSchema,
  requires_confirmation: orDefault(z.boolean(), true),
});

export const sessionSummarySchema = z.looseObject({
  session_id: z.string().nullish(),
  duration_seconds: z.number().nullish(),
  total_messages: z.number().nullish(),
  total_tokens: z.number().nullish(),
  delegation_created: z.boolean().nullish(),
  end_reason: z.string().nullish(),
});

export const sessionEndedFrameSchema = z.looseObject({
  type: z.literal("session_ended"),
  summary: sessionSummarySchema.nullish().catch(undefined),
});

export const errorFrameSchema = z.looseObject({ type: z.literal("error"), message: z.string() });

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

// ---- WS /chat frames, client → server -------------------------------------------------------

export const clientMessageFrameSchema = z.looseObject({
  type: z.literal("message"),
  message: z.string().trim().min(1, "the message is empty").max(32_000, "the message is too long"),
  session_id: z.string().nullish(),
  context: orDefault(z.record(z.string(), z.unknown()), {}),
});

export const clientFrameSchema = z.discriminatedUnion("type", [
  clientMessageFrameSchema,
  z.looseObject({ type: z.literal("end_session") }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

// ---- token claims ----------------------------------------------------------------------------

export const ELF_TOKEN_TYPE = "websocket_auth";

/**
 * The claims of a chat token as ELF mints them (JWTHandler.create_token): user_id, team_id,
 * roles, type, iat, exp — no `role`, no audience. Extra claims (our `role`, `iss`, `jti`) pass.
 */
export const elfTokenClaimsSchema = z.looseObject({
  user_id: z.string().min(1),
  team_id: z.string().min(1),
  type: z.literal(ELF_TOKEN_TYPE),
  roles: orDefault(z.array(z.string()), ["user"]),
  role: z.string().nullish(),
  iat: z.number(),
  exp: z.number(),
});
export type ElfTokenClaims = z.infer<typeof elfTokenClaimsSchema>;

// ---- HTTP bodies -----------------------------------------------------------------------------

/** FastAPI's error body. */
export const errorBodySchema = z.looseObject({ detail: z.unknown() });

export const healthBodySchema = z.looseObject({
  status: z.string(),
  team_name: z.string().nullish(),
  framework: z.string().nullish(),
  department: z.string().nullish(),
  timestamp: elfDateTimeSchema.nullish(),
  agents: stringList,
  /** Absent on older servers. */
  chat_enabled: z.boolean().nullish(),
});
export type HealthBody = z.infer<typeof healthBodySchema>;

export const capabilitiesBodySchema = z.looseObject({
  team_name: z.string(),
  department: z.string().nullish(),
  framework: z.string().nullish(),
  purpose: z.string().nullish(),
  agents: orDefault(
    z.array(z.looseObject({ role: z.string(), is_manager: z.boolean().nullish() })),
    [],
  ),
  capabilities: stringList,
  chat_enabled: z.boolean().nullish(),
});
export type CapabilitiesBody = z.infer<typeof capabilitiesBodySchema>;

export const statusBodySchema = z.looseObject({
  status: z.string(),
  team_name: z.string().nullish(),
  active_tasks: z.number().nullish(),
  last_activity: elfDateTimeSchema.nullish(),
  agents_status: orDefault(z.record(z.string(), z.string()), {}),
});
export type StatusBody = z.infer<typeof statusBodySchema>;

export const taskRequestSchema = z.looseObject({
  from_agent: z.string().trim().min(1).max(200),
  to_agent: z.string().trim().min(1).max(200),
  task_type: z.string().trim().min(1).max(100),
  task_description: z.string().trim().min(1).max(100_000),
  context: orDefault(z.record(z.string(), z.unknown()), {}),
  /** Seconds; ELF runs the task inside the request, so this bounds the request too. */
  timeout: orDefault(z.number().positive().max(86_400), 3600),
});
export type TaskRequest = z.infer<typeof taskRequestSchema>;
export type TaskRequestInput = z.input<typeof taskRequestSchema>;

export const TASK_STATUSES = [
  "completed",
  "queued",
  "accepted",
  "pending",
  "in_progress",
  "processing",
  "failed",
  "error",
] as const;

export const taskResponseSchema = z.looseObject({
  request_id: z.union([z.string(), z.number()]).nullish(),
  from_agent: z.string().nullish(),
  to_agent: z.string().nullish(),
  status: z.enum(TASK_STATUSES),
  result: z.string().nullish(),
  context: z.record(z.string(), z.unknown()).nullish(),
});
export type TaskResponse = z.infer<typeof taskResponseSchema>;

// FastAPI's bool query parsing, which ELF's clients rely on.
const queryBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], "must be true or false")
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

export const confirmQuerySchema = z.object({
  session_id: z.string().trim().min(1, "is required"),
  confirmed: queryBoolean.default(true),
});

/** The body of a confirm: the DelegationSpec fields the user changed, not wrapped. */
export const confirmBodySchema = orDefault(z.record(z.string(), z.unknown()), {});

export const confirmResponseSchema = z.discriminatedUnion("status", [
  z.looseObject({
    status: z.literal("delegation_confirmed"),
    task_id: z.union([z.string(), z.number()]).nullish(),
    delegation: z.unknown().optional(),
  }),
  z.looseObject({ status: z.literal("delegation_cancelled") }),
]);
export type ConfirmResponse = z.infer<typeof confirmResponseSchema>;
