import { z } from "zod";
import { roleSchema } from "../auth/roles";
import { nameSchema } from "../input/text";

export const userRowSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  password_hash: z.string().nullable(),
  disabled_at: z.date().nullable(),
  created_at: z.date(),
  /** Bumped by a password reset or a disable: sessions signed in before then are refused. */
  session_version: z.number().int(),
});
export type UserRow = z.infer<typeof userRowSchema>;

/** A user as the rest of the app sees it: never with a password hash. */
export type User = Omit<UserRow, "password_hash">;

export const newUserSchema = z.strictObject({
  email: z
    .email()
    .max(254)
    .transform((v) => v.toLowerCase()),
  name: nameSchema(120).optional(),
  password: z.string().min(8, "Passwords have at least 8 characters.").max(256),
  role: roleSchema,
});
export type NewUser = z.input<typeof newUserSchema>;

/** A change to one user: a role, a disabled flag, or both. */
export const userChangeSchema = z
  .strictObject({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine(
    (change) => change.role !== undefined || change.disabled !== undefined,
    "Give a role, disabled, or both.",
  );
export type UserChange = z.infer<typeof userChangeSchema>;

export const passwordResetSchema = z.strictObject({ password: newUserSchema.shape.password });
