// The CSRF front door: a state-changing request that a cookie could authenticate must come from
// the app's own pages. Browsers send Origin on every such request (and Sec-Fetch-Site), and a page
// on another origin — another site, or another port of this host — cannot forge either. Requests
// carrying a bearer token, or no cookie at all, are left alone: a browser never attaches a token
// on its own, and without a cookie there is no one to impersonate.
import type { IncomingHttpHeaders } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfRefusal {
  status: 403;
  code: "cross_origin";
  message: string;
}

export interface CsrfPolicy {
  /** Origins the app is served at (APP_ORIGIN); empty: the request's own Host, http or https. */
  appOrigins: string[];
}

const headerValue = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value[0] : value;

function isAppOrigin(origin: string, headers: IncomingHttpHeaders, policy: CsrfPolicy): boolean {
  if (policy.appOrigins.length > 0) return policy.appOrigins.includes(origin);
  const host = headerValue(headers.host)?.toLowerCase();
  if (!host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

const refusal = (message: string): CsrfRefusal => ({ status: 403, code: "cross_origin", message });

/** Null when the request may go on; otherwise why it is refused. */
export function checkCsrf(
  method: string,
  headers: IncomingHttpHeaders,
  policy: CsrfPolicy,
): CsrfRefusal | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (/^Bearer\s+\S/i.test(headerValue(headers.authorization) ?? "")) return null;
  // Without a cookie nothing can authenticate the request on a browser's say-so: it answers 401
  // (or signs in, which Auth.js's own CSRF token guards) like any anonymous request.
  if (!headers.cookie) return null;
  const site = headerValue(headers["sec-fetch-site"])?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none")
    return refusal(`This request came from another site (${site}); it was not carried out.`);
  const origin = headerValue(headers.origin)?.toLowerCase();
  if (origin === undefined) {
    if (site === "same-origin") return null;
    return refusal("This request has no Origin header; send it from the app's own pages.");
  }
  if (!isAppOrigin(origin, headers, policy))
    return refusal(`Requests from ${origin} are not accepted; send it from the app's own pages.`);
  return null;
}
