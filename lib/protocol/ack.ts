import { z } from "zod";

export const errorBodySchema = z.object({ code: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Every client event is acknowledged with one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
