// The chat contract between browser and Control Center: every payload is a zod schema, and the
// Socket.IO event maps below are derived from these schemas, so both ends are type-checked.
import { z } from "zod";
import type { Ack } from "./ack";
import { delegationPlanSchema, planDraftSchema } from "./delegation";

export const CHAT_NAMESPACE = "/chat";
export const SOCKET_PATH = "/socket.io";
export const MAX_MESSAGE_CHARS = 8000;

/** Handshake: `io(CHAT_NAMESPACE, { path: SOCKET_PATH, auth: { token } })`. */
export const handshakeAuthSchema = z.object({ token: z.string().min(20).max(4096) });

export const chatRoleSchema = z.enum(["user", "assistant", "system"]);
export const managerKindSchema = z.enum(["offline", "llm", "elf"]);
export type ManagerKind = z.infer<typeof managerKindSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  role: chatRoleSchema,
  content: z.string(),
  token_count: z.number().int(),
  created_at: z.string(),
  /** e.g. client_id (the sender's idempotency key), stopped, manager kind. */
  metadata: z.record(z.string(), z.unknown()),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const managerStateSchema = z.enum(["idle", "thinking", "streaming", "unavailable"]);
export type ManagerState = z.infer<typeof managerStateSchema>;

export const chatStatusSchema = z.object({
  state: managerStateSchema,
  /** Why the manager is unavailable, in words a user can act on. */
  reason: z.string().nullable(),
});
export type ChatStatus = z.infer<typeof chatStatusSchema>;

export const sessionLimitsSchema = z.object({
  max_messages: z.number().int(),
  messages_left: z.number().int(),
  max_duration_minutes: z.number().int(),
  expires_at: z.string(),
  context_window_messages: z.number().int(),
});
export type SessionLimits = z.infer<typeof sessionLimitsSchema>;

export const sessionEndReasonSchema = z.enum([
  "user_ended",
  "duration_limit",
  "message_limit",
  "chat_disabled",
  "access_revoked",
]);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const sessionSummarySchema = z.object({
  session_id: z.string(),
  reason: sessionEndReasonSchema,
  duration_seconds: z.number(),
  total_messages: z.number().int(),
  total_tokens: z.number().int(),
  ended_at: z.string(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionManagerSchema = z.object({
  role: z.string(),
  kind: managerKindSchema,
  label: z.string(),
});
export type SessionManager = z.infer<typeof sessionManagerSchema>;

export const sessionSnapshotSchema = z.object({
  session: z.object({
    id: z.string(),
    team: z.object({ name: z.string(), display_name: z.string() }),
    manager: sessionManagerSchema,
    started_at: z.string(),
    ended_at: z.string().nullable(),
    /** Viewers (and anyone whose role the team does not allow) can read but not send. */
    read_only: z.boolean(),
  }),
  history: z.array(chatMessageSchema),
  limits: sessionLimitsSchema,
  status: chatStatusSchema,
  /** A reply still being written when this snapshot was taken. */
  pending_reply: z.object({ message_id: z.string(), content: z.string() }).nullable(),
  /** The session's latest delegation plan (open, confirmed or cancelled), if any. */
  preview: delegationPlanSchema.nullable(),
  /**
   * Every version of `preview`, oldest first, each dated (updated_at) when it was written: the
   * chat shows the plan once and collapses each superseded version to what changed, at its turn.
   */
  preview_versions: z.array(delegationPlanSchema),
});
export type SessionSnapshot = z.infer<typeof sessionSnapshotSchema>;

// ---- client → server: payload and ack data per event -------------------------------------

export const chatSendSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, "Write a message first.")
    .max(MAX_MESSAGE_CHARS, `Messages are at most ${MAX_MESSAGE_CHARS} characters.`),
  /** Idempotency key: resending the same client_id never stores the message twice. */
  client_id: z.uuid().optional(),
});
const emptySchema = z.strictObject({});

const planRef = { plan_id: z.uuid(), version: z.number().int().positive() };

export const taskStatusSchema = z.enum([
  "pending",
  "dispatched",
  "in_progress",
  "completed",
  "failed",
  "cancelled",
]);
export const taskUpdateSchema = z.object({
  task_id: z.string(),
  plan_id: z.string(),
  title: z.string(),
  status: taskStatusSchema,
  subtasks: z.array(
    z.object({
      id: z.string(),
      team: z.string(),
      title: z.string(),
      status: taskStatusSchema,
      detail: z.string().nullable(),
    }),
  ),
  updated_at: z.string(),
});
export type TaskUpdate = z.infer<typeof taskUpdateSchema>;

export const clientEvents = {
  "chat:send": { payload: chatSendSchema, data: z.object({ message: chatMessageSchema }) },
  "chat:stop": { payload: emptySchema, data: z.object({ stopped: z.boolean() }) },
  "session:end": { payload: emptySchema, data: sessionSummarySchema },
  "session:restart": { payload: emptySchema, data: sessionSnapshotSchema },
  /** An edit of the whole plan, made against `version`; answers with the new version. */
  "delegation:update": {
    payload: z.strictObject({ ...planRef, draft: planDraftSchema }),
    data: delegationPlanSchema,
  },
  /** Confirms `version`; a repeat answers with the same task (created: false). */
  "delegation:confirm": {
    payload: z.strictObject(planRef),
    data: z.object({ task_id: z.string(), created: z.boolean() }),
  },
  "delegation:cancel": {
    payload: z.strictObject({ plan_id: z.uuid() }),
    data: delegationPlanSchema,
  },
} as const;
export type ClientEventName = keyof typeof clientEvents;

// ---- server → client ---------------------------------------------------------------------

export const serverEvents = {
  /** Sent on connect and after a restart: everything needed to render the chat. */
  "session:ready": sessionSnapshotSchema,
  "session:ended": sessionSummarySchema,
  /**
   * An admin changed the team while the session is open: the manager that answers from the next
   * reply on (it may now be reached another way) and the limits now in force.
   */
  "session:updated": z.object({ manager: sessionManagerSchema, limits: sessionLimitsSchema }),
  "chat:status": chatStatusSchema,
  /** A piece of the manager's reply as it is written. */
  "chat:delta": z.object({ message_id: z.string(), delta: z.string() }),
  /** A stored message (the user's, echoed to other tabs, or the manager's final reply). */
  "chat:message": chatMessageSchema,
  "chat:error": z.object({ code: z.string(), message: z.string() }),
  /** A plan was proposed, revised, edited, confirmed or cancelled (every tab of the session sees it). */
  "delegation:preview": delegationPlanSchema,
  /** Progress of a task this session created. */
  "task:updated": taskUpdateSchema,
} as const;

// ---- Socket.IO generics, derived from the schemas ----------------------------------------

export type ClientToServerEvents = {
  [K in ClientEventName]: (
    payload: z.input<(typeof clientEvents)[K]["payload"]>,
    ack: (reply: Ack<z.infer<(typeof clientEvents)[K]["data"]>>) => void,
  ) => void;
};

export type ServerToClientEvents = {
  [K in keyof typeof serverEvents]: (payload: z.infer<(typeof serverEvents)[K]>) => void;
};
