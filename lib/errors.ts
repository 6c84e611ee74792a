import type { z } from "zod";
import type { ErrorBody } from "./protocol/ack";

// AppError carries a code from a closed set; only the route, action and socket helpers turn it outward.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** A narrower, machine-readable reason (e.g. "role_not_allowed"); sent as the code when set. */
    readonly reason?: string,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { code: this.reason ?? this.code, message: this.message };
  }
}

/** The outward body for any thrown value: AppErrors as they are, anything else as a generic internal error. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return { status: error.status, body: error.toBody() };
  return { status: 500, body: { code: "internal", message: "Something went wrong on our side." } };
}

/**
 * A zod error in words for the person who sent the input: "path: message" per issue ("unknown
 * parameter x" for keys that are not allowed), `whole` naming the input itself when the issue has no path.
 */
export function describeIssues(
  error: z.ZodError,
  options: { whole?: string; separator?: string } = {},
): string {
  return error.issues
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown ${issue.keys.length > 1 ? "parameters" : "parameter"} ${issue.keys.map((key) => [...issue.path, key].join(".")).join(", ")}`
        : `${issue.path.join(".") || (options.whole ?? "input")}: ${issue.message}`,
    )
    .join(options.separator ?? "; ");
}
