// What went wrong with the model server, in words a person can act on: rate limited, unreachable,
// refused (with the server's own message), failing, or a stream cut or garbled midway. The AI SDK
// wraps retried failures (5xx, 429, network) in a RetryError; the last attempt says what happened.
import {
  APICallError,
  InvalidResponseDataError,
  JSONParseError,
  RetryError,
  TypeValidationError,
} from "ai";

export type FailureKind =
  | "rate_limited"
  | "key_refused"
  | "refused"
  | "server_error"
  | "unreachable"
  | "stream_cut"
  | "garbage"
  | "stream_error"
  | "empty"
  | "unknown";

export interface ModelFailure {
  kind: FailureKind;
  /** Shown to the person; never holds a key. */
  reason: string;
  status: number | null;
  /** The server's own message (shortened, keys masked), when it gave one. */
  serverMessage: string | null;
  attempts: number;
  /** The error underneath, for the log: its name and message, keys masked. */
  detail: string;
}

/** The model answered with nothing to show: no text and no plan (e.g. a call of a tool it was not offered). */
export class EmptyAnswerError extends Error {
  override name = "EmptyAnswerError";
}

const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  ETIMEDOUT: "timed out",
  UND_ERR_CONNECT_TIMEOUT: "timed out",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
};
const CUT_ERRORS = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "UND_ERR_ABORTED"]);
const KEY_SHAPED = /\b(sk|pk)-[A-Za-z0-9*._-]{3,}/g;

/** Masks the configured secrets, and anything shaped like a key, out of a server's words. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  const masked = secrets
    .filter((s) => s.length >= 4)
    .reduce((out, secret) => out.split(secret).join("[key]"), text);
  return masked.replace(KEY_SHAPED, "[key]");
}

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** The message in an error body, in OpenAI's shape or the shapes other servers use. */
function messageInBody(body: string | undefined): string | null {
  if (!body?.trim() || body.trimStart().startsWith("<")) return null;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = parsed.error as Record<string, unknown> | string | undefined;
    const message =
      typeof error === "string" ? error : (error?.message ?? parsed.message ?? parsed.detail);
    return typeof message === "string" ? message : null;
  } catch {
    return body;
  }
}

function shorten(text: string, secrets: readonly string[]): string {
  const flat = maskSecrets(text, secrets).replace(/\s+/g, " ").trim();
  return flat.length > 240 ? `${flat.slice(0, 240).replace(/\s\S*$/, "")}…` : flat;
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : "its address";
  } catch {
    return "its address";
  }
}

function fromApiCall(error: APICallError, secrets: readonly string[]) {
  const status = error.statusCode ?? null;
  if (status === null) {
    const how = CONNECT_ERRORS[codeOf(error.cause) ?? ""] ?? "no answer";
    return {
      kind: "unreachable" as const,
      status,
      serverMessage: null,
      reason: `the model server at ${hostOf(error.url)} could not be reached (${how})`,
    };
  }
  const raw = messageInBody(error.responseBody);
  const serverMessage = raw ? shorten(raw, secrets) : null;
  const said = serverMessage ? `: ${serverMessage}` : "";
  if (status === 401 || status === 403)
    return {
      kind: "key_refused" as const,
      status,
      serverMessage,
      reason: `the model server refused the API key (HTTP ${status})`,
    };
  if (status === 429) {
    const wait = Number(error.responseHeaders?.["retry-after"]);
    const when = Number.isFinite(wait) && wait > 0 ? `in ${Math.ceil(wait)} s` : "shortly";
    return {
      kind: "rate_limited" as const,
      status,
      serverMessage,
      reason: `the model server is rate-limiting requests (HTTP 429${said}); try again ${when}`,
    };
  }
  if (status >= 500)
    return {
      kind: "server_error" as const,
      status,
      serverMessage,
      reason:
        status === 503
          ? `the model server is unavailable right now (HTTP 503${said})`
          : `the model server failed (HTTP ${status}${said})`,
    };
  return {
    kind: "refused" as const,
    status,
    serverMessage,
    reason: `the model server refused the request (HTTP ${status}${said})`,
  };
}

function fromStream(error: unknown, secrets: readonly string[]) {
  const none = { status: null, serverMessage: null };
  const isCut =
    (error instanceof TypeError && error.message === "terminated") ||
    CUT_ERRORS.has(codeOf(error) ?? "") ||
    (InvalidResponseDataError.isInstance(error) && /finish reason/i.test(error.message));
  if (isCut)
    return {
      ...none,
      kind: "stream_cut" as const,
      reason: "the model server's answer was cut off midway",
    };
  if (error instanceof EmptyAnswerError)
    return { ...none, kind: "empty" as const, reason: "the model's answer was empty" };
  if (JSONParseError.isInstance(error) || TypeValidationError.isInstance(error))
    return {
      ...none,
      kind: "garbage" as const,
      reason: "the model server sent a stream that is not valid chat-completions data",
    };
  // An error object as a chunk of the stream, e.g. {"error":{"message":…,"type":"server_error"}}.
  const message = (error as { message?: unknown } | null)?.message;
  if (
    error !== null &&
    typeof error === "object" &&
    !(error instanceof Error) &&
    typeof message === "string"
  ) {
    const serverMessage = shorten(message, secrets);
    return {
      kind: "stream_error" as const,
      status: null,
      serverMessage,
      reason: `the model server failed while answering: ${serverMessage}`,
    };
  }
  return { ...none, kind: "unknown" as const, reason: "the language model failed to answer" };
}

/** Reads any error of a model call; `secrets` are masked out of what the server said. */
export function readFailure(error: unknown, secrets: readonly string[]): ModelFailure {
  const attempts = RetryError.isInstance(error) ? error.errors.length : 1;
  const last = RetryError.isInstance(error) ? error.lastError : error;
  // A stream that broke after a successful response comes as an API call error with that status.
  const isStreamBreak =
    APICallError.isInstance(last) && last.statusCode !== undefined && last.statusCode < 300;
  const read =
    APICallError.isInstance(last) && !isStreamBreak
      ? fromApiCall(last, secrets)
      : fromStream(isStreamBreak ? last.cause : last, secrets);
  const underneath = isStreamBreak ? last.cause : last;
  return {
    ...read,
    attempts,
    reason: attempts > 1 ? `${read.reason}; tried ${attempts} times` : read.reason,
    detail: shorten(
      underneath instanceof Error
        ? `${underneath.name}: ${underneath.message}`
        : (JSON.stringify(underneath) ?? String(underneath)),
      secrets,
    ),
  };
}

/** A refusal that names tools: the server (vLLM without auto tool choice, Ollama) cannot take them. */
export function isToolRefusal(failure: ModelFailure): boolean {
  return (
    failure.kind === "refused" &&
    (failure.status === 400 || failure.status === 422) &&
    /\btools?\b|tool[ _]choice|function[ _]call/i.test(failure.serverMessage ?? "")
  );
}
