// The role and scope matrix on the built server, for every API route handler and page found under
// app/ and every server action in the build's manifest (so a new one cannot be missed): anonymous
// callers, sessions of each role, and read and write API tokens of each role. Each route has a
// rule; every caller gets exactly what the rule gives it, a refused write changes nothing, and
// nothing answers 500.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/service";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/users/service";
import { HttpSession } from "@/test/support/http-session";
import { ROOT } from "@/test/support/node-process";
import { callServerAction } from "@/test/support/server-action";
import {
  expectHealthy,
  expectNo500,
  pagesOnDisk,
  ROLES,
  startSecurityApp,
  Tally,
  type SecurityApp,
} from "./support";

let s: SecurityApp;
const tally = new Tally();

interface Caller {
  name: string;
  role: Role | null;
  kind: "anonymous" | "session" | "token";
  scope?: "read" | "write";
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
}
const callers: Caller[] = [];

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

function tokenCaller(role: Role, scope: "read" | "write", token: string): Caller {
  return {
    name: `${role} ${scope} token`,
    role,
    kind: "token",
    scope,
    fetch: (pathname, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return fetch(new URL(pathname, s.app.url), { ...init, headers, redirect: "manual" });
    },
  };
}

beforeAll(async () => {
  s = await startSecurityApp();
  callers.push({
    name: "anonymous",
    role: null,
    kind: "anonymous",
    fetch: (pathname, init) => fetch(new URL(pathname, s.app.url), { ...init, redirect: "manual" }),
  });
  for (const role of ROLES) {
    const person = s.people[role];
    callers.push({
      name: `${role} session`,
      role,
      kind: "session",
      fetch: (pathname, init) => person.session.fetch(pathname, init),
    });
    const created = await person.session.fetch(
      "/api/tokens",
      json("POST", { name: "read", scope: "read" }),
    );
    expect(created.status).toBe(201);
    callers.push(tokenCaller(role, "read", ((await created.json()) as { secret: string }).secret));
    if (role !== "viewer") callers.push(tokenCaller(role, "write", person.token));
  }
});
afterAll(async () => {
  tally.print("Role and scope matrix");
  await s?.stop();
});

/** Who may: everyone; anyone signed in (session or token); an admin; a session only; a chat. */
type Rule = "public" | "member" | "admin" | "session" | "chat" | "not-found";
let unique = 0;

async function victim(): Promise<string> {
  unique += 1;
  const { id } = await createUser(s.db.sql, {
    email: `matrix-victim-${unique}@example.test`,
    password: "matrix-password-1",
    role: "user",
  });
  return id;
}

const API: Record<string, { rule: Rule; request(caller: Caller): Promise<[string, RequestInit]> }> =
  {
    "GET /api/health": { rule: "public", request: async () => ["/api/health", {}] },
    "GET /api/health/live": { rule: "public", request: async () => ["/api/health/live", {}] },
    "GET /api/health/ready": { rule: "public", request: async () => ["/api/health/ready", {}] },
    "GET /api/teams": { rule: "member", request: async () => ["/api/teams", {}] },
    "GET /api/teams/[slug]": {
      rule: "member",
      request: async () => ["/api/teams/executive-team", {}],
    },
    "PATCH /api/teams/[slug]": {
      rule: "admin",
      request: async () => [
        "/api/teams/general-team",
        json("PATCH", { enable_chat_interface: true }),
      ],
    },
    "GET /api/events": { rule: "member", request: async () => ["/api/events?topics=teams", {}] },
    "POST /api/chat/token": {
      rule: "chat",
      request: async () => ["/api/chat/token", json("POST", { team: "executive-team" })],
    },
    "GET /api/tokens": { rule: "member", request: async () => ["/api/tokens", {}] },
    "POST /api/tokens": {
      rule: "session",
      request: async () => ["/api/tokens", json("POST", { name: "matrix", scope: "read" })],
    },
    "DELETE /api/tokens/[id]": {
      rule: "member",
      request: async (caller) => {
        const owner = s.people[caller.role ?? "admin"];
        const [row] = await s.db.sql`SELECT * FROM cc_users WHERE id = ${owner.id}`;
        const { token } = await createApiToken(
          s.db.sql,
          row as never,
          { name: "matrix revoke", scope: "read" },
          { id: owner.id, email: owner.email },
        );
        return [`/api/tokens/${token.id}`, { method: "DELETE" }];
      },
    },
    "GET /api/admin/audit": { rule: "admin", request: async () => ["/api/admin/audit", {}] },
    "GET /api/admin/users": { rule: "admin", request: async () => ["/api/admin/users", {}] },
    "POST /api/admin/users": {
      rule: "admin",
      request: async (caller) => {
        unique += 1;
        const email = `matrix-new-${caller.name.replaceAll(" ", "-")}-${unique}@example.test`;
        return [
          "/api/admin/users",
          json("POST", { email, password: "password-123", role: "admin" }),
        ];
      },
    },
    "PATCH /api/admin/users/[ref]": {
      rule: "admin",
      request: async () => [`/api/admin/users/${await victim()}`, json("PATCH", { role: "admin" })],
    },
    "PUT /api/admin/users/[ref]/password": {
      rule: "admin",
      request: async () => [
        `/api/admin/users/${await victim()}/password`,
        json("PUT", { password: "taken-over-123" }),
      ],
    },
    "GET /api/[...path]": { rule: "not-found", request: async () => ["/api/no/such/route", {}] },
  };

/** Every route handler under app/api as "METHOD /api/path", Auth.js's own routes aside. */
function routesOnDisk(dir = path.join(ROOT, "app/api"), route = "/api"): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...routesOnDisk(full, `${route}/${entry.name}`));
    else if (entry.name === "route.ts" && !route.startsWith("/api/auth")) {
      const source = readFileSync(full, "utf8");
      for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g))
        found.push(`${method} ${route}`);
      if (route === "/api/[...path]") found.push(`GET ${route}`);
    }
  }
  return found;
}

const chatAvailable = new Map<Role, boolean>();

function expectedStatus(rule: Rule, method: string, caller: Caller): number[] {
  if (rule === "public") return [200];
  if (rule === "not-found") return [404];
  if (caller.role === null) return [401];
  if (rule === "session" && caller.kind === "token") return [401];
  if (caller.kind === "token" && caller.scope === "read" && method !== "GET") return [403];
  if (rule === "admin" && caller.role !== "admin") return [403];
  if (rule === "chat" && !chatAvailable.get(caller.role)) return [403];
  return [200, 201, 204];
}

describe("the role and scope matrix", () => {
  it("covers every API route handler under app/api", () => {
    expect(Object.keys(API).sort()).toEqual([...new Set(routesOnDisk())].sort());
  });

  it("gives every caller of every API route exactly what its rule allows", async () => {
    for (const role of ROLES) {
      const response = await s.people[role].session.fetch("/api/teams/executive-team");
      chatAvailable.set(
        role,
        ((await response.json()) as { chat_available: boolean }).chat_available,
      );
    }
    for (const [key, route] of Object.entries(API)) {
      const method = key.split(" ")[0]!;
      for (const caller of callers) {
        const [pathname, init] = await route.request(caller);
        const controller = new AbortController();
        const response = await caller.fetch(pathname, { ...init, signal: controller.signal });
        if (response.headers.get("content-type")?.startsWith("text/event-stream"))
          controller.abort();
        else await response.arrayBuffer();
        const what = `${key} by ${caller.name}`;
        expectNo500(response.status, what);
        const expected = expectedStatus(route.rule, method, caller);
        expect(expected, `${what} answered ${response.status}`).toContain(response.status);
        tally.add(response.status < 300 ? "allowed requests served" : "refused requests refused");
      }
    }
    // The refused writes changed nothing: only admins made users and raised victims to admin.
    const made = await s.db.sql<{ email: string }[]>`
      SELECT email FROM cc_users WHERE email LIKE 'matrix-new-%' ORDER BY email`;
    expect(made.map((row) => row.email.replace(/-\d+@.*/, ""))).toEqual([
      "matrix-new-admin-session",
      "matrix-new-admin-write-token",
    ]);
    const raised = await s.db.sql`
      SELECT 1 FROM cc_users WHERE email LIKE 'matrix-victim-%' AND role = 'admin'`;
    expect(raised).toHaveLength(2);
  });

  it("serves every page under app/ by role, and never to a token or an anonymous caller", async () => {
    const pages = pagesOnDisk();
    for (const page of pages) {
      for (const caller of callers) {
        const response = await caller.fetch(page);
        await response.arrayBuffer();
        const what = `${page} for ${caller.name}`;
        expectNo500(response.status, what);
        const location = response.headers.get("location") ?? "";
        if (page === "/" || (page === "/admin" && caller.name === "admin session")) {
          expect(response.status, what).toBe(307);
          expect(location, what).toMatch(page === "/" ? /\/teams$/ : /\/admin\/teams$/);
        } else if (page === "/login") {
          expect([200, 307], what).toContain(response.status);
        } else if (caller.kind !== "session") {
          // Pages never take an API token: it is a sign-in page for whoever holds one.
          expect(response.status, what).toBe(307);
          expect(location, what).toMatch(/\/login\?callbackUrl=/);
        } else if (page.startsWith("/admin") && caller.role !== "admin") {
          expect(response.status, what).toBe(403);
        } else if (page.startsWith("/tasks/") || page.startsWith("/chats/")) {
          expect(response.status, what).toBe(404); // a task or a conversation that does not exist
        } else {
          expect(response.status, what).toBe(200);
        }
        tally.add("page visits checked");
      }
    }
  });

  it("runs every server action only for the roles it is for", async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
    ) as {
      node: Record<
        string,
        { filename: string; exportedName: string; workers: Record<string, unknown> }
      >;
    };
    const actions = [
      ...new Map(
        Object.values(manifest.node).map((a) => [`${a.filename}#${a.exportedName}`, a]),
      ).values(),
    ];
    expect(actions.length).toBeGreaterThan(5);
    // Arguments the admin actions accept, so a refusal shows the role check, not the input's.
    const victimId = await victim();
    const ADMIN_ARGS: Record<string, unknown> = {
      updateTeamSettingsAction: { team: "general-team", patch: { enable_chat_interface: false } },
      createUserAction: {
        email: "matrix-action@example.test",
        password: "password-123",
        role: "admin",
      },
      setRoleAction: { user_id: victimId, role: "admin" },
      setDisabledAction: { user_id: victimId, disabled: true },
      resetPasswordAction: { user_id: victimId, password: "taken-over-123" },
      refreshSupabaseAction: {},
    };
    const adminOnly = (file: string) => file.startsWith("app/admin/") || file.includes("/admin/");
    for (const action of actions) {
      // The header's sign-out action: anyone may end their own session.
      if (action.filename === "components/site-header.tsx") continue;
      // Posted to a page that carries it, as the browser does ("app/tasks/[id]/page" → /tasks/…).
      const pagePath = Object.keys(action.workers)[0]!
        .replace(/^app/, "")
        .replace(/\/page$/, "")
        .replace(/\[[^\]]+\]/g, "00000000-0000-4000-8000-000000000000");
      for (const role of [null, ...ROLES] as const) {
        if (role === "admin") continue; // allowed: its own tests run it with real arguments
        if (role !== null && !adminOnly(action.filename)) continue;
        const session = role ? s.people[role].session : new HttpSession(s.app.url);
        const what = `${action.exportedName} as ${role ?? "anonymous"}`;
        const { status, result } = await callServerAction(
          session,
          pagePath,
          { file: action.filename, name: action.exportedName },
          [ADMIN_ARGS[action.exportedName] ?? {}],
        ).catch((error: unknown) => ({ status: 0, result: String(error) }));
        expectNo500(status, what);
        expect(result, what).toMatchObject({
          ok: false,
          error: { code: role === null ? "unauthenticated" : "role_not_allowed" },
        });
        tally.add("server action calls refused");
      }
    }
    expect(Object.keys(ADMIN_ARGS).sort()).toEqual(
      actions
        .filter((a) => adminOnly(a.filename))
        .map((a) => a.exportedName)
        .sort(),
    );
    // Nothing the refused actions asked for happened.
    expect(
      await s.db.sql`SELECT 1 FROM cc_users WHERE email = 'matrix-action@example.test'`,
    ).toEqual([]);
    expect(await s.db.sql`SELECT role, disabled_at FROM cc_users WHERE id = ${victimId}`).toEqual([
      { role: "user", disabled_at: null },
    ]);
    await expectHealthy(s.app.url);
  });
});
