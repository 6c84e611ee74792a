// The headers every answer carries: a nonce-based Content-Security-Policy (a fresh nonce per
// request, handed to Next through the request's own CSP header so its scripts carry it, and to
// the root layout as x-nonce), no framing, nosniff, a referrer policy, no powerful features, and
// HSTS when the request came over HTTPS.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { NONCE_HEADER } from "@/lib/security/request-headers";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // strict-dynamic: scripts Next loads from a nonced script are allowed; hosts lists are ignored.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React's style attributes and injected <style> elements (toasts) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const STATIC_HEADERS: Record<string, string> = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "cross-origin-opener-policy": "same-origin",
};

export const HSTS = "max-age=31536000; includeSubDomains";

/** Sets the answer's headers and gives the request its nonce; returns the nonce. */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: { https: boolean; dev: boolean },
): string {
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, options.dev);
  req.headers[NONCE_HEADER] = nonce;
  // Next reads the nonce for its own scripts from the request's CSP header.
  req.headers["content-security-policy"] = csp;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("content-security-policy", csp);
  for (const [name, value] of Object.entries(STATIC_HEADERS)) res.setHeader(name, value);
  if (options.https) res.setHeader("strict-transport-security", HSTS);
  return nonce;
}
