import { z } from "zod";

/** A jsonb object column as read back: null or missing becomes {}. */
export const jsonObjectSchema = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((v) => v ?? {});
