// Strict input on the built server, item by item as issue 13 found it: a NUL byte in each route
// that answered 500 now gets 400; bodies over their limit are refused before they are read (the
// answer arrives while the client is still sending); unknown fields are refused; names are NFC and
// refuse bidirectional controls. (The chat socket's side is in hostile-input.test.ts.)
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callServerAction } from "@/test/support/server-action";
import { expectHealthy, startSecurityApp, Tally, type SecurityApp } from "./support";

let s: SecurityApp;
const tally = new Tally();

beforeAll(async () => {
  s = await startSecurityApp();
});
afterAll(async () => {
  tally.print("Strict input");
  await s?.stop();
});

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** Declares `declared` bytes, sends only the first 64 KB, and resolves with the status. */
function declareHuge(pathname: string, declared: number, headers: Record<string, string>) {
  const url = new URL(pathname, s.app.url);
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: {
          host: url.host,
          origin: url.origin,
          "content-length": String(declared),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on("error", reject);
    req.write(Buffer.alloc(64 * 1024, "a"));
  });
}

describe("strict input", () => {
  it("answers a NUL byte with 400 in every route where it was a 500", async () => {
    const admin = s.people.admin.session;
    const [token] = await s.db.sql<{ id: string }[]>`
      SELECT id::text FROM cc_api_tokens WHERE user_id = ${s.people.admin.id} LIMIT 1`;
    const cases: [string, Promise<Response>][] = [
      [
        "POST /api/admin/users email",
        admin.fetch(
          "/api/admin/users",
          json("POST", { email: "nul\u0000@example.test", password: "password-123", role: "user" }),
        ),
      ],
      [
        "POST /api/admin/users name",
        admin.fetch(
          "/api/admin/users",
          json("POST", {
            email: "nul@example.test",
            name: "a\u0000b",
            password: "password-123",
            role: "user",
          }),
        ),
      ],
      [
        "POST /api/tokens",
        admin.fetch("/api/tokens", json("POST", { name: "a\u0000", scope: "read" })),
      ],
      ["GET /api/admin/audit?actor=", admin.fetch("/api/admin/audit?actor=%00")],
      ["GET /api/admin/audit?team=", admin.fetch("/api/admin/audit?team=a%00b")],
      ["DELETE /api/tokens/<id>", admin.fetch(`/api/tokens/${token!.id}%00`, { method: "DELETE" })],
      [
        "PATCH /api/admin/users/<ref>",
        admin.fetch(`/api/admin/users/user%00@example.test`, json("PATCH", { role: "viewer" })),
      ],
      [
        "PUT /api/admin/users/<ref>/password",
        admin.fetch(
          `/api/admin/users/${s.people.user.id}/password`,
          json("PUT", { password: "pass\u0000word-123" }),
        ),
      ],
    ];
    for (const [what, pending] of cases) {
      const response = await pending;
      expect(response.status, what).toBe(400);
      expect(await response.json(), what).toMatchObject({ error: { code: "bad_request" } });
      tally.add("NUL bytes refused");
    }
    const action = await callServerAction(
      admin,
      "/admin/users",
      { file: "app/admin/users/actions.ts", name: "createUserAction" },
      [
        {
          email: "nul-action@example.test",
          name: "a\u0000",
          password: "password-123",
          role: "user",
        },
      ],
    );
    expect(action.result).toMatchObject({ ok: false, error: { code: "bad_request" } });
    tally.add("NUL bytes refused");
    expect(await s.db.sql`SELECT 1 FROM cc_users WHERE email LIKE 'nul%'`).toEqual([]);
  });

  it("refuses bodies over their limit before reading them", async () => {
    const cookie = s.people.admin.session.cookieHeader();
    // 20 MB declared to the anonymous sign-in route, and to a JSON route and a server action.
    expect(
      await declareHuge("/api/auth/callback/credentials", 20 * 1024 * 1024, {
        "content-type": "application/x-www-form-urlencoded",
      }),
    ).toBe(413);
    expect(
      await declareHuge("/api/admin/users", 20 * 1024 * 1024, {
        "content-type": "application/json",
        cookie,
      }),
    ).toBe(413);
    expect(
      await declareHuge("/admin/users", 2 * 1024 * 1024, {
        "content-type": "text/plain;charset=UTF-8",
        "next-action": "0".repeat(42),
        cookie,
      }),
    ).toBe(413);
    tally.add("oversized bodies refused unread", 3);
    // A body of unknown length (chunked) is not accepted at all.
    const chunked = await fetch(`${s.app.url}/api/auth/callback/credentials`, {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("email=a"));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(411);
    tally.add("oversized bodies refused unread");
  });

  it("refuses unknown fields on the routes that used to drop them", async () => {
    const admin = s.people.admin.session;
    const user = await admin.fetch(
      "/api/admin/users",
      json("POST", {
        email: "extra@example.test",
        password: "password-123",
        role: "user",
        is_superuser: true,
      }),
    );
    expect(user.status).toBe(400);
    const token = await admin.fetch(
      "/api/tokens",
      json("POST", { name: "extra", scope: "read", owner: s.people.user.id }),
    );
    expect(token.status).toBe(400);
    tally.add("unknown fields refused", 2);
  });

  it("stores names in NFC and refuses bidirectional and invisible characters", async () => {
    const admin = s.people.admin.session;
    for (const name of ["\u202Eadmin", "ad\u200Bmin", "admin\u2066", "ad\uFEFFmin"]) {
      const response = await admin.fetch(
        "/api/admin/users",
        json("POST", { email: "bidi@example.test", name, password: "password-123", role: "user" }),
      );
      expect(response.status, JSON.stringify(name)).toBe(400);
      const token = await admin.fetch("/api/tokens", json("POST", { name, scope: "read" }));
      expect(token.status, JSON.stringify(name)).toBe(400);
      tally.add("disguised names refused", 2);
    }
    const created = await admin.fetch(
      "/api/admin/users",
      json("POST", {
        email: "nfc@example.test",
        name: "Jose\u0301",
        password: "password-123",
        role: "user",
      }),
    );
    expect(created.status).toBe(201);
    const [row] = await s.db.sql<{ name: string }[]>`
      SELECT name FROM cc_users WHERE email = 'nfc@example.test'`;
    expect(row!.name).toBe("Jos\u00e9");
    await expectHealthy(s.app.url);
  });
});
