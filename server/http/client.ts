// What the front door knows about who is asking and how: the client's address and whether the
// request arrived over HTTPS. Forwarded headers are believed only from a trusted proxy
// (TRUST_PROXY); otherwise they are removed, so nothing behind the front door (Next, Auth.js)
// can be told a false scheme, host or address.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { CLIENT_ADDRESS_HEADER } from "@/lib/security/request-headers";

const FORWARDED = ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-for", "forwarded"];

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim().toLowerCase();

export interface ClientInfo {
  address: string;
  https: boolean;
}

/** Reads the client's address and scheme, and rewrites the headers Next will see to match. */
export function identifyClient(req: IncomingMessage, trustProxy: boolean): ClientInfo {
  const direct = req.socket.remoteAddress ?? "unknown";
  const encrypted = Boolean((req.socket as Partial<TLSSocket>).encrypted);
  let address = direct;
  let https = encrypted;
  if (trustProxy) {
    // The proxy appends the address it saw: the last entry is the one it vouches for.
    const hops = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    address = hops.at(-1) ?? direct;
    https = encrypted || first(req.headers["x-forwarded-proto"]) === "https";
  } else {
    for (const name of FORWARDED) delete req.headers[name];
    if (encrypted) req.headers["x-forwarded-proto"] = "https";
  }
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  return { address, https };
}
