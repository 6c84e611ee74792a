// What an admin may change about a team (the patch and its rules) and how the settings read
// back: shared by the settings store, route handlers, the CLI and the admin page's browser code.
import { z } from "zod";
import { roleSchema } from "../protocol/roles";
import { TEAM_STATUSES } from "../protocol/teams";
import type { ManagerEndpoint } from "./queries";
import type { ChatConfig } from "./schemas";

const httpUrl = z
  .url({ protocol: /^https?$/, error: "Give an http:// or https:// URL." })
  .max(2048);

/** chat_config keys an admin may set (elf-contract.md §1); any subset, nothing else. */
export const chatConfigInputSchema = z
  .strictObject({
    allowed_roles: z
      .array(roleSchema)
      .max(3)
      .refine((roles) => new Set(roles).size === roles.length, "List each role once."),
    max_session_duration_minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    max_messages_per_session: z.number().int().min(1).max(10_000),
    enable_delegation_preview: z.boolean(),
    context_window_messages: z.number().int().min(1).max(500),
    require_user_confirmation: z.boolean(),
  })
  .partial();

export const managerEndpointInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("builtin") }),
  z.strictObject({ kind: z.literal("elf"), url: httpUrl }),
  z.strictObject({ kind: z.literal("a2a"), url: httpUrl }),
]);

export const teamSettingsPatchSchema = z
  .strictObject({
    enable_chat_interface: z.boolean(),
    is_top_level: z.boolean(),
    status: z.enum(TEAM_STATUSES),
    chat_config: chatConfigInputSchema,
    manager: managerEndpointInputSchema,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Change at least one setting.");
export type TeamSettingsPatch = z.infer<typeof teamSettingsPatchSchema>;

export interface TeamSettings {
  id: string;
  name: string;
  display_name: string;
  enable_chat_interface: boolean;
  is_top_level: boolean;
  status: string;
  chat_config: ChatConfig;
  manager: ManagerEndpoint;
}
