// The route wrapper: parses input with zod, turns AppErrors into {error:{code,message}} replies,
// and logs anything unexpected with a request id while telling the client only "internal".
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AppError, describeIssues, toErrorBody } from "./errors";
import { findControlChars } from "./input/text";
import { getLogger } from "./logger";

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

export function jsonError(
  status: number,
  code: string,
  message: string,
  headers?: HeadersInit,
): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** Refuses (400) input that holds a control character anywhere; `what` names the input. */
export function refuseControlChars(value: unknown, what: string): void {
  const path = findControlChars(value);
  if (path !== null)
    throw new AppError(
      "bad_request",
      `${what}${path ? ` (${path})` : ""} contains a control character, which is not allowed.`,
    );
}

export function route(handler: Handler): Handler {
  return async (request, context) => {
    try {
      refuseControlChars(await context.params, "The address");
      return await handler(request, context);
    } catch (error) {
      const { status, body } = toErrorBody(error);
      if (!(error instanceof AppError)) {
        const requestId = randomUUID();
        getLogger().error(
          { err: error, requestId, path: new URL(request.url).pathname },
          "route failed",
        );
        return jsonError(status, body.code, `${body.message} (request ${requestId})`);
      }
      return jsonError(status, body.code, body.message);
    }
  };
}

export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  refuseControlChars([...params.keys(), ...params.values()], "The query");
  for (const [key, value] of params) {
    if (key in raw)
      throw new AppError("bad_request", `Query parameter ${key} is given more than once.`);
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new AppError("bad_request", `Invalid query: ${describeIssues(result.error)}.`);
  return result.data;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The media type without parameters: "application/json; charset=utf-8" → "application/json". */
const mediaType = (contentType: string | null) =>
  (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/** The body as text, read until it passes `limit` bytes and no further. */
async function readLimited(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large", "The request body is too large.");
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AppError("payload_too_large", "The request body is too large.");
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8.");
  }
}

export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<z.infer<T>> {
  if (mediaType(request.headers.get("content-type")) !== "application/json") {
    throw new AppError("bad_request", "Send a JSON body with Content-Type: application/json.");
  }
  const text = await readLimited(request, MAX_BODY_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  refuseControlChars(raw, "The body");
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new AppError("bad_request", `Invalid body: ${describeIssues(result.error)}.`);
  return result.data;
}
