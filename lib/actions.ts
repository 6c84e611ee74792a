// The server-action helper: parses the action's input with zod, runs it for a signed-in user and
// turns errors into an Ack, so a client component always gets { ok, data } or { ok, error }.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { requireUser } from "./auth/current-user";
import { AppError, describeIssues, toErrorBody } from "./errors";
import { findControlChars } from "./input/text";
import { getLogger } from "./logger";
import type { Ack } from "./protocol/ack";
import type { User } from "./users/schemas";

export function serverAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  handler: (input: z.infer<S>, user: User) => Promise<T>,
): (input: z.input<S>) => Promise<Ack<T>> {
  return async (input) => {
    try {
      const user = await requireUser();
      const badText = findControlChars(input);
      if (badText !== null)
        throw new AppError(
          "bad_request",
          `Invalid input: ${badText || "input"} contains a control character, which is not allowed.`,
        );
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        throw new AppError("bad_request", `Invalid input: ${describeIssues(parsed.error)}.`);
      }
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      const { body } = toErrorBody(error);
      if (error instanceof AppError) return { ok: false, error: body };
      const requestId = randomUUID();
      getLogger().error({ err: error, requestId, action: name }, "server action failed");
      return { ok: false, error: { ...body, message: `${body.message} (request ${requestId})` } };
    }
  };
}
