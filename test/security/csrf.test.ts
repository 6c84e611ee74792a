// The CSRF matrix on the built server: every state-changing route, page and server action, sent
// with a cookie from a foreign origin, with no Origin, from another port of the same host and as
// "null", in every content type a form can send (and JSON), is refused with 403 and changes
// nothing; the app's own origin and bearer tokens go through; JSON routes take exactly
// application/json. Then the same attack from a real page on another port, in Chromium.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverActionId } from "@/test/support/server-action";
import { expectHealthy, expectNo500, startSecurityApp, Tally, type SecurityApp } from "./support";

let s: SecurityApp;
const tally = new Tally();

beforeAll(async () => {
  s = await startSecurityApp();
});
afterAll(async () => {
  tally.print("CSRF");
  await s?.stop();
});

const CREATE_USER_ACTION = { file: "app/admin/users/actions.ts", name: "createUserAction" };

/** Every state-changing request a signed-in admin's cookie could make. */
function targets(tokenId: string) {
  return [
    { name: "create an admin", method: "POST", path: "/api/admin/users" },
    { name: "change a team", method: "PATCH", path: "/api/teams/general-team" },
    { name: "change a user", method: "PATCH", path: `/api/admin/users/${s.people.user.id}` },
    {
      name: "reset a password",
      method: "PUT",
      path: `/api/admin/users/${s.people.user.id}/password`,
    },
    { name: "mint an API token", method: "POST", path: "/api/tokens" },
    { name: "revoke an API token", method: "DELETE", path: `/api/tokens/${tokenId}` },
    { name: "mint a chat token", method: "POST", path: "/api/chat/token" },
    { name: "sign out", method: "POST", path: "/api/auth/signout" },
    { name: "sign in", method: "POST", path: "/api/auth/callback/credentials" },
    {
      name: "server action: create a user",
      method: "POST",
      path: "/admin/users",
      action: serverActionId(CREATE_USER_ACTION.file, CREATE_USER_ACTION.name),
    },
  ];
}

const victim = (n: string) => ({
  email: `csrf-${n}@example.test`,
  password: "password-123",
  role: "admin",
});

function bodyFor(type: string, n: string): BodyInit {
  const fields = victim(n);
  if (type === "application/x-www-form-urlencoded") return new URLSearchParams(fields).toString();
  if (type.startsWith("multipart/form-data")) {
    return Object.entries(fields)
      .map(([k, v]) => `--b\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("")
      .concat("--b--\r\n");
  }
  return JSON.stringify(fields);
}

const CONTENT_TYPES = [
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=b",
  "text/plain",
  "text/plain;x=application/json",
  "application/json",
];

describe("the CSRF matrix", () => {
  it("refuses every cookie-authenticated write from any origin but the app's own", async () => {
    const [token] = await s.db.sql<{ id: string }[]>`
      SELECT id::text FROM cc_api_tokens WHERE user_id = ${s.people.admin.id} LIMIT 1`;
    const appPort = new URL(s.app.url).port;
    const origins: [string, string | undefined][] = [
      ["foreign", "http://evil.example"],
      ["missing", undefined],
      ["same site, other port", `http://localhost:${Number(appPort) + 1}`],
      ["same host over https", `https://localhost:${Number(appPort) + 1}`],
      ["null", "null"],
    ];
    let n = 0;
    for (const target of targets(token!.id)) {
      for (const [label, origin] of origins) {
        for (const type of CONTENT_TYPES) {
          n += 1;
          const headers: Record<string, string> = { "content-type": type };
          if (origin) headers.origin = origin;
          if (target.action) headers["next-action"] = target.action;
          // fetch itself, not the session's: that one sends the app's Origin as a browser would.
          headers.cookie = s.people.admin.session.cookieHeader();
          const response = await fetch(new URL(target.path, s.app.url), {
            method: target.method,
            headers,
            body: bodyFor(type, String(n)),
            redirect: "manual",
          });
          expectNo500(response.status, `${target.name} from ${label} as ${type}`);
          expect(response.status, `${target.name} from ${label} as ${type}`).toBe(403);
          expect(await response.json()).toMatchObject({ error: { code: "cross_origin" } });
          tally.add("forged writes refused");
        }
      }
    }
    // Nothing happened: no user, the token still there, the session still signed in.
    expect(await s.db.sql`SELECT 1 FROM cc_users WHERE email LIKE 'csrf-%'`).toHaveLength(0);
    expect(
      await s.db.sql`SELECT 1 FROM cc_api_tokens WHERE id = ${token!.id} AND revoked_at IS NULL`,
    ).toHaveLength(1);
    expect((await s.people.admin.session.fetch("/api/teams")).status).toBe(200);
  });

  it("refuses a request that a browser marks cross-site, whatever its Origin says", async () => {
    const response = await s.people.admin.session.fetch("/api/admin/users", {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "same-site" },
      body: JSON.stringify(victim("fetch-site")),
    });
    expect(response.status).toBe(403);
    tally.add("forged writes refused");
  });

  it("takes JSON routes' bodies as exactly application/json", async () => {
    for (const type of [
      "text/plain;x=application/json",
      "text/plain",
      "application/jsonp",
      "application/json-patch+json",
    ]) {
      const response = await s.people.admin.session.fetch("/api/admin/users", {
        method: "POST",
        headers: { "content-type": type },
        body: JSON.stringify(victim(`type-${type.length}`)),
      });
      expect(response.status, type).toBe(400);
      tally.add("wrong content types refused");
    }
    expect(await s.db.sql`SELECT 1 FROM cc_users WHERE email LIKE 'csrf-%'`).toHaveLength(0);
  });

  it("lets the app's own origin through, and a same-origin request without Origin", async () => {
    const own = await s.people.admin.session.fetch("/api/admin/users", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(victim("own")),
    });
    expect(own.status).toBe(201);
    const sameOrigin = await fetch(`${s.app.url}/api/tokens`, {
      method: "POST",
      headers: {
        cookie: s.people.admin.session.cookieHeader(),
        "content-type": "application/json",
        "sec-fetch-site": "same-origin",
      },
      body: JSON.stringify({ name: "same origin", scope: "read" }),
    });
    expect(sameOrigin.status).toBe(201);
  });

  it("leaves bearer-token requests alone, with or without an Origin", async () => {
    for (const [n, origin] of [
      ["bearer-1", undefined],
      ["bearer-2", "http://evil.example"],
    ] as const) {
      const response = await fetch(`${s.app.url}/api/admin/users`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${s.people.admin.token}`,
          "content-type": "application/json",
          ...(origin ? { origin } : {}),
        },
        body: JSON.stringify(victim(n)),
      });
      expect(response.status).toBe(201);
    }
  });
});

describe("a real attacker page on another port, in Chromium", () => {
  let attacker: Server;
  let attackerUrl: string;

  beforeAll(async () => {
    const app = s.app.url;
    const action = serverActionId(CREATE_USER_ACTION.file, CREATE_USER_ACTION.name);
    const page = `<!doctype html><html><body>
<form id="form" method="post" action="${app}/api/admin/users" enctype="text/plain" target="sink">
  <input name='{"email":"csrf-form@example.test","password":"password-123","role":"admin","x":"' value='"}'>
</form>
<form id="action" method="post" action="${app}/admin/users" enctype="multipart/form-data" target="sink">
  <input name="$ACTION_ID_${action}" value=""><input name="email" value="csrf-action@example.test">
</form>
<iframe name="sink"></iframe>
<script>
window.attack = async () => {
  const results = [];
  const send = async (path, method, type, body) => {
    try {
      await fetch("${app}" + path, { method, mode: "no-cors", credentials: "include", headers: { "content-type": type }, body });
      results.push("sent");
    } catch (e) { results.push("blocked " + e.message); }
  };
  await send("/api/admin/users", "POST", "text/plain;x=application/json", JSON.stringify({ email: "csrf-fetch@example.test", password: "password-123", role: "admin" }));
  await send("/api/tokens", "POST", "text/plain", JSON.stringify({ name: "stolen", scope: "write" }));
  await send("/api/chat/token", "POST", "text/plain", JSON.stringify({ team: "general-team" }));
  document.getElementById("form").submit();
  await new Promise((r) => setTimeout(r, 500));
  document.getElementById("action").submit();
  await new Promise((r) => setTimeout(r, 500));
  return results;
};
</script></body></html>`;
    attacker = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(page);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => attacker?.close(() => resolve())));

  it("creates no admin, mints no token and changes no team for a signed-in admin who opens it", async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    });
    try {
      const context = await browser.newContext();
      const cookies = s.people.admin.session
        .cookieHeader()
        .split("; ")
        .map((pair) => {
          const [name, ...value] = pair.split("=");
          return {
            name: name!,
            value: value.join("="),
            domain: "localhost",
            path: "/",
            sameSite: "Lax" as const,
            httpOnly: true,
          };
        });
      await context.addCookies(cookies);
      const page = await context.newPage();
      const seen: number[] = [];
      page.on("response", (r) => {
        if (r.url().startsWith(s.app.url) && r.request().method() === "POST") seen.push(r.status());
      });
      // Signed in: the app's own page opens in this browser.
      const own = await page.goto(`${s.app.url}/admin/users`);
      expect(own?.status()).toBe(200);
      await page.goto(attackerUrl);
      const results = await page.evaluate(() =>
        (window as unknown as { attack(): Promise<string[]> }).attack(),
      );
      expect(results).toEqual(["sent", "sent", "sent"]);
      await expect.poll(() => seen.length).toBe(5);
      expect(seen).toEqual([403, 403, 403, 403, 403]);
      tally.add("browser attacks refused", seen.length);
      await context.close();
    } finally {
      await browser.close();
    }
    expect(
      await s.db
        .sql`SELECT email FROM cc_users WHERE email LIKE 'csrf-%' AND email NOT LIKE 'csrf-own%' AND email NOT LIKE 'csrf-bearer%'`,
    ).toEqual([]);
    expect(await s.db.sql`SELECT 1 FROM cc_api_tokens WHERE name = 'stolen'`).toHaveLength(0);

    await expectHealthy(s.app.url);
  });
});
