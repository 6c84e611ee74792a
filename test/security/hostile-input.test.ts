// Hostile payloads generated with fast-check, against the built server: every JSON route (bodies,
// queries and path parameters — random JSON, the route's own fields filled with control and bidi
// characters, injection strings, prototype keys, oversized values, bytes that are no JSON) and
// every chat socket event (the same payloads, unknown events, no payload, callbacks only, no
// callback). Nothing answers 500, every socket event is answered, nothing hostile is stored, and
// the server is healthy afterwards.
import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientEvents } from "@/lib/protocol";
import { createUser } from "@/lib/users/service";
import { chatSocket } from "@/test/support/chat-harness";
import { expectHealthy, expectNo500, startSecurityApp, Tally, type SecurityApp } from "./support";

let s: SecurityApp;
let victimId: string;
const tally = new Tally();
const RUNS = Number(process.env.SECURITY_FUZZ_RUNS ?? 40);

beforeAll(async () => {
  s = await startSecurityApp();
  ({ id: victimId } = await createUser(s.db.sql, {
    email: "fuzz-victim@example.test",
    password: "fuzz-victim-password",
    role: "user",
  }));
});
afterAll(async () => {
  tally.print("Hostile payloads");
  await s?.stop();
});

const NASTY = [
  "\u0000",
  "a\u0000b",
  "\u0007bell",
  "\u001b[31mred",
  "\u202Eadmin@example.test",
  "adm\u200Bin",
  "\uFEFFname",
  "\u2066isolate\u2069",
  "line\nbreak",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "'; DROP TABLE cc_users; --",
  "../../etc/passwd",
  "%00",
  "__proto__",
  "constructor",
  "\uD800",
  "😀".repeat(50),
  "x".repeat(70_000),
];
const hostileString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "binary-ascii", minLength: 1 }),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, -1, 1e308, 2 ** 53 + 1, [], {}),
);
/** An object with the route's own fields (and others) holding hostile values. */
const hostileObject = (keys: string[]) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom(...keys, "__proto__", "constructor", "extra"), hostileString),
    hostileValue,
    { maxKeys: keys.length + 2 },
  );
/** A body as sent: mostly JSON text, sometimes bytes that are no JSON at all. */
const hostileBody = (keys: string[]) =>
  fc.oneof(
    hostileObject(keys).map((value) => JSON.stringify(value)),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ unit: "binary" }),
    fc.constantFrom("", "{", '{"a":', "null", "[]", '{"__proto__":{"role":"admin"}}'),
  );
/** Every byte percent-encoded: UTF-8 of the hostile strings, and bytes that are no UTF-8 at all. */
const percentBytes = (bytes: Uint8Array) =>
  [...bytes].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
const hostileSegment = fc.oneof(
  hostileString.map((value) => percentBytes(Buffer.from(value.slice(0, 300)))),
  fc.uint8Array({ maxLength: 40 }).map(percentBytes),
);
const hostileQuery = (keys: string[]) =>
  fc
    .dictionary(fc.oneof(fc.constantFrom(...keys), hostileString), hostileString, { maxKeys: 4 })
    .map((query) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) params.append(k.slice(0, 200), v.slice(0, 500));
      return params.toString();
    });

interface JsonRoute {
  method: string;
  path: (segment: string) => string;
  body?: string[];
  query?: string[];
}

const ROUTES: Record<string, JsonRoute> = {
  "POST /api/admin/users": {
    method: "POST",
    path: () => "/api/admin/users",
    body: ["email", "name", "password", "role"],
  },
  "PATCH /api/admin/users/<ref>": {
    method: "PATCH",
    path: (segment) => `/api/admin/users/${segment || victimId}`,
    body: ["role", "disabled"],
  },
  "PUT /api/admin/users/<ref>/password": {
    method: "PUT",
    path: (segment) => `/api/admin/users/${segment || victimId}/password`,
    body: ["password"],
  },
  "PATCH /api/teams/<slug>": {
    method: "PATCH",
    path: (segment) => `/api/teams/${segment || "general-team"}`,
    body: ["enable_chat_interface", "is_top_level", "status", "chat_config", "manager"],
  },
  "POST /api/tokens": { method: "POST", path: () => "/api/tokens", body: ["name", "scope"] },
  "DELETE /api/tokens/<id>": { method: "DELETE", path: (segment) => `/api/tokens/${segment}` },
  "POST /api/chat/token": { method: "POST", path: () => "/api/chat/token", body: ["team"] },
  "GET /api/teams": {
    method: "GET",
    path: () => "/api/teams",
    query: ["status", "department", "chat"],
  },
  "GET /api/teams/<slug>": { method: "GET", path: (segment) => `/api/teams/${segment}` },
  "GET /api/admin/audit": {
    method: "GET",
    path: () => "/api/admin/audit",
    query: ["actor", "team", "action", "from", "to", "limit", "format"],
  },
  "GET /api/admin/users": { method: "GET", path: () => "/api/admin/users", query: ["x"] },
  "GET /api/tokens": { method: "GET", path: () => "/api/tokens", query: ["x"] },
  "GET /api/events": { method: "GET", path: () => "/api/events", query: ["topics", "team"] },
};

const CONTROL_OR_DISGUISE =
  "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF]";

describe("hostile payloads on the JSON routes", () => {
  it.each(Object.keys(ROUTES))("%s answers every one without a 500", async (name) => {
    const route = ROUTES[name]!;
    await fc.assert(
      fc.asyncProperty(
        hostileSegment,
        route.body ? hostileBody(route.body) : fc.constant(undefined),
        route.query ? hostileQuery(route.query) : fc.constant(""),
        async (segment, body, query) => {
          const controller = new AbortController();
          const response = await s.people.admin.session.fetch(
            route.path(segment) + (query ? `?${query}` : ""),
            {
              method: route.method,
              signal: controller.signal,
              ...(body === undefined
                ? {}
                : { body, headers: { "content-type": "application/json" } }),
            },
          );
          // An event stream that opened is left at its first bytes.
          if (response.headers.get("content-type")?.startsWith("text/event-stream"))
            controller.abort();
          else await response.arrayBuffer();
          expectNo500(response.status, `${name} ${segment} ${query} ${body?.slice(0, 200)}`);
          tally.add(response.status < 300 ? "valid requests served" : "hostile requests refused");
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("refuses a path whose percent-encoding is no UTF-8 with 400 (Next's decoding gave a 500)", async () => {
    for (const path of ["/api/teams/%80", "/api/tokens/%C0%AF", "/api/admin/users/%FF/password"]) {
      for (const method of ["GET", "PATCH", "PUT", "DELETE"]) {
        const response = await s.people.admin.session.fetch(path, { method });
        expect(response.status, `${method} ${path}`).toBe(400);
        tally.add("hostile requests refused");
      }
    }
    expect((await s.people.admin.session.fetch("/teams/%E2%82")).status).toBe(400);
  });

  it("stored nothing hostile, and the server is healthy", async () => {
    const pattern = CONTROL_OR_DISGUISE;
    expect(
      await s.db.sql`SELECT email FROM cc_users WHERE email ~ ${pattern} OR name ~ ${pattern}`,
    ).toEqual([]);
    expect(await s.db.sql`SELECT name FROM cc_api_tokens WHERE name ~ ${pattern}`).toEqual([]);
    // No one was made admin by a prototype key or a forged field.
    const admins = await s.db.sql<{ email: string }[]>`
      SELECT email FROM cc_users WHERE role = 'admin' AND email NOT LIKE 'admin%'`;
    for (const { email } of admins) expect(email).not.toContain("__proto__");
    await expectHealthy(s.app.url);
  });
});

/** Names socket.io-client will not send (its own events). */
const RESERVED = new Set([
  "connect",
  "connect_error",
  "disconnect",
  "disconnecting",
  "newListener",
  "removeListener",
]);

type Reply = { ok: boolean; error?: { code: string } };

describe("hostile payloads on every chat socket event", () => {
  let socket: Socket;
  const errorsWithoutAck: { code: string }[] = [];

  async function connect(): Promise<Socket> {
    const response = await s.people.user.session.fetch("/api/chat/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ team: "executive-team" }),
    });
    const { token } = (await response.json()) as { token: string };
    const client = chatSocket(s.app.url, token);
    client.on("chat:error", (error: { code: string }) => errorsWithoutAck.push(error));
    await new Promise<void>((resolve, reject) => {
      client.once("session:ready", () => resolve());
      client.once("connect_error", reject);
    });
    return client;
  }

  beforeAll(async () => {
    socket = await connect();
  });
  afterAll(() => socket?.close());

  /** Sends and waits for the answer; a session ended by a fuzzed session:end is opened again. */
  async function send(event: string, ...args: unknown[]): Promise<Reply> {
    if (!socket.connected) socket = await connect();
    const reply = (await socket.timeout(10_000).emitWithAck(event, ...args)) as Reply;
    expect(typeof reply.ok, `${event} ${JSON.stringify(args).slice(0, 200)}`).toBe("boolean");
    return reply;
  }

  it.each(Object.keys(clientEvents))("%s answers every hostile payload", async (event) => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileObject(["text", "plan_id", "version", "draft"]), hostileValue),
        async (payload) => {
          const reply = await send(event, payload);
          tally.add(reply.ok ? "socket events served" : "hostile socket events refused");
        },
      ),
      { numRuns: RUNS },
    );
    // Only a callback, and a payload over the limit.
    expect(typeof (await send(event)).ok).toBe("boolean");
    expect((await send(event, { text: "x".repeat(70_000) })).error?.code).toBe("payload_too_large");
    tally.add("hostile socket events refused");
  });

  it("answers unknown events, and events without a callback, with an error", async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileString
          .map((name) => name.slice(0, 100))
          .filter((name) => !Object.hasOwn(clientEvents, name) && !RESERVED.has(name)),
        async (name) => {
          const reply = await send(name, {});
          expect(reply.ok).toBe(false);
          tally.add("unknown events refused");
        },
      ),
      { numRuns: RUNS },
    );
    const before = errorsWithoutAck.length;
    socket.emit("no:such-event" as never, { text: "hello" });
    socket.emit("chat:send" as never, { text: "a\u0000b" });
    await expect.poll(() => errorsWithoutAck.length).toBeGreaterThanOrEqual(before + 2);
    expect(errorsWithoutAck.slice(before).map((e) => e.code)).toEqual([
      "unknown_event",
      "invalid_payload",
    ]);
    tally.add("events without a callback answered", 2);
    await expectHealthy(s.app.url);
  });
});
