// What an operator sees of a running instance: Prometheus metrics behind a bearer secret at
// /metrics, and OpenTelemetry traces sent to an OTLP collector (a real HTTP server here, receiving
// what the SDK really sends).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { signedIn } from "./support";

const METRICS_TOKEN = "metrics-token-0123456789abcdefghijklmnopqrstuv";

interface OtlpSpan {
  name: string;
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

let db: TestDatabase;
let app: AppProcess;
let collector: Server;
const exports: OtlpExport[] = [];

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.url === "/v1/traces") exports.push(JSON.parse(body) as OtlpExport);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const { port } = collector.address() as AddressInfo;
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url, {
    METRICS_TOKEN,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_SERVICE_NAME: "cc-under-test",
    OTEL_BSP_SCHEDULE_DELAY: "100",
  });
});
afterAll(async () => {
  expect(await app?.stop()).toBe(0);
  await db?.drop();
  await new Promise((resolve) => collector?.close(resolve));
});

const scrape = (token?: string) =>
  fetch(`${app.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

/** The value of one sample line, e.g. `cc_event_stream_clients 1`. */
async function sample(name: string): Promise<number> {
  const text = await (await scrape(METRICS_TOKEN)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (!line) throw new Error(`no sample ${name} in:\n${text.slice(0, 500)}`);
  return Number(line.split(" ").at(-1));
}

describe("GET /metrics", () => {
  it("refuses a scrape without the bearer secret, or with another one", async () => {
    for (const response of [await scrape(), await scrape("not-the-token")]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("cc_");
    }
  });

  it("serves Prometheus text: the process, the database pool and the dispatcher", async () => {
    const response = await scrape(METRICS_TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
      "cc_db_pool_max 10",
      "cc_dispatch_outcomes_total",
      "cc_event_stream_clients",
    ]) {
      expect(text).toContain(name);
    }
    // The pool's own connections, as PostgreSQL reports them: at least the one that asked.
    expect(await sample("cc_db_pool_connections")).toBeGreaterThan(0);
  });

  it("counts open live-update streams as pages open and close them", async () => {
    const before = await sample("cc_event_stream_clients");
    const session = await signedIn(app.url, TEST_ADMIN);
    const controller = new AbortController();
    const stream = await session.fetch("/api/events?topics=teams", { signal: controller.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // the stream is open once its first bytes arrive
    expect(await sample("cc_event_stream_clients")).toBe(before + 1);
    controller.abort();
    await expect.poll(() => sample("cc_event_stream_clients")).toBe(before);
  });
});

describe("OpenTelemetry", () => {
  it("sends the server's request spans to the OTLP endpoint under the configured service name", async () => {
    await fetch(`${app.url}/api/health`);
    const resources = () => exports.flatMap((e) => e.resourceSpans);
    const spanNames = () =>
      resources().flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.name)));
    await expect
      .poll(() => spanNames().some((name) => name.includes("/api/health")), { timeout: 10_000 })
      .toBe(true);
    const services = resources().flatMap((r) =>
      r.resource.attributes.filter((a) => a.key === "service.name").map((a) => a.value.stringValue),
    );
    expect(new Set(services)).toEqual(new Set(["cc-under-test"]));
  });
});

describe("without METRICS_TOKEN", () => {
  it("serves no metrics at all, and says how to turn them on", async () => {
    const other = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    const plain = await startAppProcess(other.url);
    try {
      const response = await fetch(`${plain.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { message: /METRICS_TOKEN/ } });
    } finally {
      expect(await plain.stop()).toBe(0);
      await other.drop();
    }
  });
});
