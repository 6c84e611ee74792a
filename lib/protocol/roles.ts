// The roles a user can have: part of what the browser and the server share (the admin pages'
// forms list them), so it lives here rather than beside the auth code that checks them.
import { z } from "zod";

export const ROLES = ["admin", "user", "viewer"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;
