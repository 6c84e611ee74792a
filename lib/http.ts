// The route wrapper: parses input with zod, turns AppErrors into {error:{code,message}} replies,
// and logs anything unexpected with a request id while telling the client only "internal".
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AppError, describeIssues, toErrorBody } from "./errors";
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

export function route(handler: Handler): Handler {
  return async (request, context) => {
    try {
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

export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<z.infer<T>> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("bad_request", "Send a JSON body with Content-Type: application/json.");
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    throw new AppError("payload_too_large", "The request body is too large.");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new AppError("bad_request", `Invalid body: ${describeIssues(result.error)}.`);
  return result.data;
}
