// GET /metrics: Prometheus text for a scraper holding the METRICS_TOKEN bearer secret. Served by
// the custom server itself (not Next), so a scrape costs no render and works while Next starts.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { registry } from "./registry";

const digest = (value: string) => createHash("sha256").update(value).digest();

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...(status === 401 ? { "www-authenticate": 'Bearer realm="metrics"' } : {}),
  });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** Answers the request when it is for /metrics; returns whether it did. */
export function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
): boolean {
  if (new URL(req.url ?? "/", "http://x").pathname !== "/metrics") return false;
  if (!token) {
    sendError(res, 404, "not_found", "Metrics are off: set METRICS_TOKEN to serve them.");
    return true;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendError(res, 405, "method_not_allowed", "Use GET.");
    return true;
  }
  const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
  if (!timingSafeEqual(digest(given), digest(token))) {
    sendError(res, 401, "unauthorized", "Send the metrics token as Authorization: Bearer <token>.");
    return true;
  }
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    },
    () => sendError(res, 500, "internal", "The metrics could not be collected."),
  );
  return true;
}
