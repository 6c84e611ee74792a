import { z } from "zod";

export const ROLES = ["admin", "user", "viewer"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;
