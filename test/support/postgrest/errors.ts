// PostgREST's error bodies ({code, message, details, hint}) and its mapping of PostgreSQL error
// codes to HTTP statuses (docs.postgrest.org, "Errors" → "HTTP Status Codes").
export interface RestError {
  status: number;
  body: { code: string | null; message: string; details: string | null; hint: string | null };
}

export function restError(
  status: number,
  code: string | null,
  message: string,
  details: string | null = null,
  hint: string | null = null,
): RestError {
  return { status, body: { code, message, details, hint } };
}

const EXACT: Record<string, number> = {
  "23503": 409,
  "23505": 409,
  "25006": 405,
  "53400": 500,
  P0001: 400,
  "42883": 404,
  "42P01": 404,
  "42P17": 500,
  "42501": 403,
};
const PREFIX: [string, number][] = [
  ["08", 503],
  ["09", 500],
  ["0L", 403],
  ["0P", 403],
  ["25", 500],
  ["28", 403],
  ["2D", 500],
  ["38", 500],
  ["39", 500],
  ["3B", 500],
  ["40", 500],
  ["53", 503],
  ["54", 500],
  ["55", 500],
  ["57", 500],
  ["58", 500],
  ["F0", 500],
  ["HV", 500],
  ["P0", 500],
  ["XX", 500],
];

export function statusForPgCode(code: string): number {
  return EXACT[code] ?? PREFIX.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 400;
}

/** A PostgreSQL error (postgres.js shape) as PostgREST forwards it. */
export function fromPgError(error: {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}): RestError {
  const code = error.code ?? "XX000";
  return restError(
    statusForPgCode(code),
    code,
    error.message,
    error.detail ?? null,
    error.hint ?? null,
  );
}

export const tableNotFound = (table: string) =>
  restError(
    404,
    "PGRST205",
    `Could not find the table 'public.${table}' in the schema cache`,
    null,
    null,
  );

export const columnNotFound = (table: string, column: string) =>
  restError(400, "42703", `column ${table}.${column} does not exist`);

export const payloadColumnNotFound = (table: string, column: string) =>
  restError(
    400,
    "PGRST204",
    `Could not find the '${column}' column of '${table}' in the schema cache`,
  );

export const badFilter = (details: string) =>
  restError(400, "PGRST100", `"failed to parse filter (${details})"`, details);
