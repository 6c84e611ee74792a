// Inputs of the team server's HTTP endpoints (elf-contract.md §2), validated before any use.
import { z } from "zod";

export const taskRequestSchema = z.object({
  from_agent: z.string().trim().min(1).max(200),
  to_agent: z.string().trim().min(1).max(200),
  task_type: z.string().trim().min(1).max(100),
  task_description: z.string().trim().min(1).max(100_000),
  context: z.record(z.string(), z.unknown()).default({}),
  /** Seconds; ELF runs the task inside the request, so this bounds the request too. */
  timeout: z.number().positive().max(86_400).default(3600),
});
export type TaskRequest = z.infer<typeof taskRequestSchema>;

// FastAPI's bool query parsing, which ELF's clients rely on.
const queryBoolean = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], "must be true or false")
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

export const confirmQuerySchema = z.object({
  session_id: z.string().trim().min(1, "is required"),
  confirmed: queryBoolean.default(true),
});

/** The body of a confirm: the edits, not wrapped. Checked again once merged into the plan. */
export const modificationsSchema = z.record(z.string(), z.unknown()).default({});
