import { z } from "zod";
import { jsonObjectSchema } from "../db/json";
import { TEAM_STATUSES } from "../protocol/teams";

/** What everyone sees of a team's health (lib/teams/health.ts); `since` is when reachability last flipped. */
export const publicTeamHealthSchema = z.object({
  reachable: z.boolean(),
  reason: z.string().nullable(),
  since: z.string(),
  checked_at: z.string(),
});
/** Admins also see the URL that was checked (an admin setting: it may carry credentials). */
export const teamHealthSchema = publicTeamHealthSchema.extend({ url: z.string() });
export type TeamHealth = z.infer<typeof teamHealthSchema>;

export const CHAT_CONFIG_DEFAULTS = {
  allowed_roles: ["admin", "user"],
  max_session_duration_minutes: 60,
  max_messages_per_session: 100,
  enable_delegation_preview: true,
  context_window_messages: 20,
  require_user_confirmation: true,
};

/**
 * chat_config as read from the database: a missing or unreadable key means ELF's default, and
 * keys we do not know are kept (ELF may add some).
 */
export const chatConfigSchema = z.looseObject({
  allowed_roles: z.array(z.string()).catch(CHAT_CONFIG_DEFAULTS.allowed_roles),
  max_session_duration_minutes: z
    .number()
    .int()
    .positive()
    .catch(CHAT_CONFIG_DEFAULTS.max_session_duration_minutes),
  max_messages_per_session: z
    .number()
    .int()
    .positive()
    .catch(CHAT_CONFIG_DEFAULTS.max_messages_per_session),
  enable_delegation_preview: z.boolean().catch(CHAT_CONFIG_DEFAULTS.enable_delegation_preview),
  context_window_messages: z
    .number()
    .int()
    .positive()
    .catch(CHAT_CONFIG_DEFAULTS.context_window_messages),
  require_user_confirmation: z.boolean().catch(CHAT_CONFIG_DEFAULTS.require_user_confirmation),
});
export type ChatConfig = z.infer<typeof chatConfigSchema>;

/** The chat_config column as stored: NULL or anything that is not an object means all defaults. */
export const storedChatConfigSchema = z
  .unknown()
  .transform((v) => (v && typeof v === "object" && !Array.isArray(v) ? v : {}))
  .pipe(chatConfigSchema);

/** One row of the team listing query, validated as it comes back from PostgreSQL. */
export const teamRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  display_name: z.string(),
  department: z.string(),
  placement: z.string().nullable(),
  purpose: z.string().nullable(),
  framework: z.string().nullable(),
  llm_provider: z.string().nullable(),
  llm_model: z.string().nullable(),
  status: z
    .string()
    .nullable()
    .transform((v) => v ?? "active"),
  is_top_level: z.boolean().nullable().transform(Boolean),
  enable_chat_interface: z.boolean().nullable().transform(Boolean),
  chat_config: storedChatConfigSchema,
  metadata: jsonObjectSchema,
  created_at: z.date().nullable(),
  updated_at: z.date().nullable(),
  manager: z.object({ id: z.string(), role: z.string() }).nullable(),
  member_count: z.number().int(),
  member_roles: z.array(z.string()),
  parent: z.object({ type: z.string(), name: z.string() }).nullable(),
  /** Only for teams reached over the network, once the health checker has looked. */
  health: publicTeamHealthSchema.nullable(),
});
export type TeamRow = z.infer<typeof teamRowSchema>;

export const CHAT_UNAVAILABLE_REASONS = [
  "not_top_level",
  "chat_disabled",
  "team_inactive",
  "no_manager",
  "role_not_allowed",
] as const;
export type ChatUnavailableReason = (typeof CHAT_UNAVAILABLE_REASONS)[number];

/** A team as the API and the pages show it (ELF's snake_case names). */
export interface Team extends Omit<
  TeamRow,
  "member_roles" | "parent" | "created_at" | "updated_at"
> {
  created_at: string | null;
  updated_at: string | null;
  parent: { type: string; name: string; team: string | null } | null;
  chat_available: boolean;
  chat_unavailable_reason: ChatUnavailableReason | null;
}

export interface TeamNode {
  team: Team;
  children: TeamNode[];
}

export const listTeamsQuerySchema = z.strictObject({
  status: z.enum(TEAM_STATUSES).optional(),
  department: z.string().min(1).max(100).optional(),
  chat: z.enum(["available", "enabled"]).optional(),
});
export type ListTeamsQuery = z.infer<typeof listTeamsQuerySchema>;
