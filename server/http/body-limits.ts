// Body limits checked before anything reads the body: a declared length over the route's limit is
// refused at once, and a body of unknown length (chunked) is not accepted at all, so no route —
// sign-in included — ever reads more than its limit. JSON routes also take exactly
// application/json: text/plain (which a cross-site form may send) is refused, whatever it claims.
import type { IncomingMessage } from "node:http";

export const JSON_BODY_LIMIT = 64 * 1024;
export const SIGN_IN_BODY_LIMIT = 16 * 1024;
/** Pages and server actions (Next's own limit for actions is 1 MB). */
export const PAGE_BODY_LIMIT = 1024 * 1024;

export interface BodyRefusal {
  status: 400 | 411 | 413;
  code: string;
  message: string;
}

const BODILESS = new Set(["GET", "HEAD", "OPTIONS"]);

function limitFor(pathname: string): { bytes: number; json: boolean } {
  if (pathname.startsWith("/api/auth/")) return { bytes: SIGN_IN_BODY_LIMIT, json: false };
  if (pathname.startsWith("/api/")) return { bytes: JSON_BODY_LIMIT, json: true };
  return { bytes: PAGE_BODY_LIMIT, json: false };
}

/** The media type without parameters: "application/json; charset=utf-8" → "application/json". */
export function mediaType(contentType: string | undefined | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export function checkBody(req: IncomingMessage, pathname: string): BodyRefusal | null {
  if (req.headers["transfer-encoding"] !== undefined)
    return {
      status: 411,
      code: "length_required",
      message: "Send the body with a Content-Length header.",
    };
  const declared = req.headers["content-length"];
  if (declared === undefined) return null; // no body at all
  const length = Number(declared);
  if (!/^\d+$/.test(declared) || !Number.isSafeInteger(length))
    return { status: 400, code: "bad_request", message: "The Content-Length header is invalid." };
  if (length === 0) return null;
  const { bytes, json } = limitFor(pathname);
  if (length > bytes)
    return {
      status: 413,
      code: "payload_too_large",
      message: `The request body is too large (at most ${bytes} bytes here).`,
    };
  const method = (req.method ?? "GET").toUpperCase();
  if (
    json &&
    !BODILESS.has(method) &&
    mediaType(req.headers["content-type"]) !== "application/json"
  )
    return {
      status: 400,
      code: "bad_request",
      message: "Send a JSON body with Content-Type: application/json.",
    };
  return null;
}
