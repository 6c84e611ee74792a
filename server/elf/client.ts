// The one HTTP client for ELF team servers (elf-contract.md §2): the relay's confirmations, the
// dispatcher's POST /task, the health checker and the CLI all call a team server through here, so
// fetch → status → JSON → schema happens once, with the contract's schemas (lib/protocol/elf.ts),
// and every failure comes back as an ElfRequestError whose kind says what the caller may do.
import type { z } from "zod";
import { describeIssues } from "@/lib/errors";
import {
  capabilitiesBodySchema,
  confirmResponseSchema,
  healthBodySchema,
  statusBodySchema,
  taskResponseSchema,
  type TaskRequestInput,
} from "@/lib/protocol/elf";
import { describeFetchFailure } from "../fetch-failure";

/**
 * unreachable: no HTTP answer (refused, reset, DNS); timeout: no answer within the time given;
 * failed: HTTP 5xx; refused: any other non-2xx; garbage: 2xx with a body that is not the contract's.
 */
export type ElfFailureKind = "unreachable" | "timeout" | "failed" | "refused" | "garbage";

export class ElfRequestError extends Error {
  override name = "ElfRequestError";
  constructor(
    readonly kind: ElfFailureKind,
    /** The endpoint, e.g. "/health". */
    readonly path: string,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** ELF answers errors as FastAPI does, {"detail": "…"}; anything else is shown by its start. */
export function elfErrorDetail(text: string): string {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    if (typeof detail === "string") return detail.slice(0, 500);
  } catch {
    // not JSON: the start of the body says enough
  }
  return text.slice(0, 200) || "(empty body)";
}

interface CallOptions {
  method?: "GET" | "POST";
  query?: Record<string, string>;
  body?: unknown;
  /** Ends the wait (e.g. the dispatcher's time limit or shutdown). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function call<S extends z.ZodType>(
  baseUrl: string,
  path: string,
  schema: S,
  options: CallOptions = {},
): Promise<z.infer<S>> {
  const url = new URL(path.replace(/^\//, ""), `${baseUrl.replace(/\/+$/, "")}/`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const signals = [options.signal, AbortSignal.timeout(options.timeoutMs ?? 30_000)].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      method: options.method ?? "GET",
      headers: {
        accept: "application/json",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.any(signals),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    const isTimeout = error instanceof DOMException && error.name === "TimeoutError";
    throw new ElfRequestError(
      isTimeout ? "timeout" : "unreachable",
      path,
      describeFetchFailure(error),
    );
  }
  if (status >= 500)
    throw new ElfRequestError("failed", path, `HTTP ${status}: ${elfErrorDetail(text)}`, status);
  if (status < 200 || status >= 300)
    throw new ElfRequestError("refused", path, `HTTP ${status}: ${elfErrorDetail(text)}`, status);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ElfRequestError(
      "garbage",
      path,
      `not JSON: ${JSON.stringify(text.slice(0, 80))}`,
      status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ElfRequestError(
      "garbage",
      path,
      describeIssues(parsed.error, { whole: "(body)" }),
      status,
    );
  return parsed.data;
}

export function getHealth(baseUrl: string, options: { timeoutMs?: number } = {}) {
  return call(baseUrl, "/health", healthBodySchema, options);
}

export function getCapabilities(baseUrl: string, options: { timeoutMs?: number } = {}) {
  return call(baseUrl, "/capabilities", capabilitiesBodySchema, options);
}

export function getStatus(baseUrl: string, options: { timeoutMs?: number } = {}) {
  return call(baseUrl, "/status", statusBodySchema, options);
}

/** ELF runs the task inside the request: `signal` bounds the wait. */
export function postTask(
  baseUrl: string,
  task: TaskRequestInput,
  options: { signal: AbortSignal; timeoutMs: number },
) {
  return call(baseUrl, "/task", taskResponseSchema, { ...options, method: "POST", body: task });
}

/**
 * POST /chat/delegation/confirm?session_id=…&confirmed=…, the body being the modifications (the
 * DelegationSpec fields the user changed, not wrapped). Resolves with ELF's task id for a
 * confirmation; an answer of the other kind than asked for is garbage.
 */
export async function answerDelegation(
  baseUrl: string,
  input: {
    sessionId: string;
    confirmed: boolean;
    modifications: Record<string, unknown>;
    timeoutMs?: number;
  },
): Promise<{ taskId: string | null }> {
  const path = "/chat/delegation/confirm";
  const answer = await call(baseUrl, path, confirmResponseSchema, {
    method: "POST",
    query: { session_id: input.sessionId, confirmed: String(input.confirmed) },
    body: input.modifications,
    timeoutMs: input.timeoutMs,
  });
  const expected = input.confirmed ? "delegation_confirmed" : "delegation_cancelled";
  if (answer.status !== expected)
    throw new ElfRequestError(
      "garbage",
      path,
      `not ELF's ${expected}: ${JSON.stringify(answer).slice(0, 120)}`,
    );
  const taskId = "task_id" in answer ? answer.task_id : null;
  return { taskId: taskId == null ? null : String(taskId) };
}
