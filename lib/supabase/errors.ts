// What a failed supabase-js request means for the Control Center: the project could not be
// reached, refused the key, lacks one of ELF's tables or columns, or refused this one row.
import "server-only";
export interface RestFailure {
  error: { message: string; code?: string; details?: string | null; hint?: string | null } | null;
  status: number;
}

export type FailureKind =
  /** No answer (network, DNS, timeout) or a gateway/server error: try again later. */
  | "unreachable"
  /** 401/403 from the gateway or PostgREST: the key is wrong or lacks rights. */
  | "key"
  /** PostgREST has no such table (PGRST205 / 42P01). */
  | "missing_table"
  /** A column ELF's contract names is missing (42703 / PGRST204). */
  | "missing_column"
  /** Anything else: the project refused this request's data (constraint, type…). */
  | "rejected";

export class SupabaseRequestError extends Error {
  override name = "SupabaseRequestError";
  constructor(
    readonly kind: FailureKind,
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function classify(status: number, code: string): FailureKind {
  if (status === 0 || status === 408 || status === 429 || status >= 500) return "unreachable";
  if (status === 401 || status === 403 || code === "PGRST301" || code === "42501") return "key";
  if (code === "PGRST205" || code === "42P01") return "missing_table";
  if (code === "42703" || code === "PGRST204") return "missing_column";
  return "rejected";
}

/** Throws a SupabaseRequestError for a failed result; returns the data otherwise. */
export function unwrap<T>(result: RestFailure & { data: T | null }, what: string): T {
  if (!result.error) return result.data as T;
  const code = result.error.code ?? "";
  const message = [result.error.message, result.error.hint].filter(Boolean).join(" — ");
  throw new SupabaseRequestError(
    classify(result.status, code),
    result.status,
    code,
    `${what}: ${message || `HTTP ${result.status}`}`,
  );
}
