// Every HTTP request passes here before Next sees it: who and how (client.ts), the security
// headers (security-headers.ts), the CSRF check (csrf.ts) and the body limits (body-limits.ts).
// Socket.IO's own path only gets the first two: its handshake carries a token, never a cookie.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SOCKET_PATH } from "@/lib/protocol";
import { checkBody } from "./body-limits";
import { identifyClient } from "./client";
import { checkCsrf } from "./csrf";
import { applySecurityHeaders } from "./security-headers";

export interface FrontDoorOptions {
  appOrigins: string[];
  trustProxy: boolean;
  dev: boolean;
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    connection: "close",
  });
  res.end(JSON.stringify({ error: { code, message } }));
}

/**
 * A path whose percent-encoding is no UTF-8 (`/api/teams/%80`) is refused here: Next throws
 * decoding it into route parameters, which answered 500.
 */
function checkTarget(pathname: string) {
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    return {
      status: 400,
      code: "bad_request",
      message: "The request's path is not valid percent-encoded UTF-8.",
    };
  }
}

/** Returns true when the request was answered here (refused), false to hand it on. */
export function frontDoor(
  req: IncomingMessage,
  res: ServerResponse,
  options: FrontDoorOptions,
): boolean {
  const client = identifyClient(req, options.trustProxy);
  applySecurityHeaders(req, res, { https: client.https, dev: options.dev });
  const pathname = new URL(req.url ?? "/", "http://x").pathname;
  if (pathname === SOCKET_PATH || pathname.startsWith(`${SOCKET_PATH}/`)) return false;
  const refusal =
    checkTarget(pathname) ??
    checkCsrf(req.method ?? "GET", req.headers, { appOrigins: options.appOrigins }) ??
    checkBody(req, pathname);
  if (!refusal) return false;
  refuse(res, refusal.status, refusal.code, refusal.message);
  return true;
}
