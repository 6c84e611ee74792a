import { z } from "zod";
import type { Role } from "../auth/roles";
import { nameSchema } from "../input/text";

/** Recognisable in logs, config files and secret scanners. */
export const TOKEN_PREFIX = "elfcc_";
export const API_TOKEN_SCOPES = ["read", "write"] as const;
export const apiTokenScopeSchema = z.enum(API_TOKEN_SCOPES);
export type ApiTokenScope = z.infer<typeof apiTokenScopeSchema>;

/**
 * Which scopes a role may put on a token: a token never gives more than its owner's role. Viewers
 * read teams and tasks in the app, so they may read them through the API too, and nothing more.
 */
export function scopesForRole(role: Role): ApiTokenScope[] {
  return role === "viewer" ? ["read"] : ["read", "write"];
}

export const newApiTokenSchema = z.strictObject({
  name: nameSchema(80, {
    empty: "Give the token a name.",
    long: "Names are at most 80 characters.",
  }),
  scope: apiTokenScopeSchema,
  /** Days until it expires; absent means it lasts until revoked. */
  expires_in_days: z.number().int().min(1).max(366).optional(),
});
export type NewApiToken = z.input<typeof newApiTokenSchema>;

export const apiTokenRowSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  name: z.string(),
  scope: apiTokenScopeSchema,
  token_prefix: z.string(),
  created_at: z.date(),
  expires_at: z.date().nullable(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenRowSchema>;
