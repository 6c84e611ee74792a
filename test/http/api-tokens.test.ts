// Personal API tokens on the real, built server: shown once, stored hashed, scoped by HTTP method,
// revocable, dead with a disabled owner, never accepted by pages, and audited.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { setUserDisabled } from "@/lib/users/admin";
import { createUser } from "@/lib/users/service";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { json, signedIn } from "./support";

const USERS = {
  user: { email: "user@example.test", password: "user-password-1", role: "user" as const },
  viewer: { email: "viewer@example.test", password: "viewer-password-1", role: "viewer" as const },
};
interface Created {
  token: {
    id: string;
    scope: string;
    token_prefix: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  secret: string;
}

let db: TestDatabase;
let app: AppProcess;
let userSession: HttpSession;

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const api = (path: string, secret: string, init: RequestInit = {}) =>
  fetch(new URL(path, app.url), {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...bearer(secret) },
    redirect: "manual",
  });

async function createToken(
  session: HttpSession,
  scope: "read" | "write",
  name = `${scope} token`,
): Promise<Created> {
  const response = await session.fetch("/api/tokens", json("POST", { name, scope }));
  expect(response.status).toBe(201);
  return (await response.json()) as Created;
}

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url);
  for (const user of Object.values(USERS)) await createUser(db.sql, user);
  userSession = await signedIn(app.url, USERS.user);
});
afterAll(async () => {
  expect(await app?.stop()).toBe(0);
  await db?.drop();
});

describe("API tokens", () => {
  it("are shown once, stored only as a hash, and work with curl-style Bearer requests to the JSON API", async () => {
    const { token, secret } = await createToken(userSession, "read", "laptop");
    expect(secret).toMatch(/^elfcc_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(token.token_prefix)).toBe(true);
    const [row] =
      await db.sql`SELECT token_hash, last_used_at FROM cc_api_tokens WHERE id = ${token.id}`;
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db.sql`SELECT * FROM cc_api_tokens`)).not.toContain(secret);
    expect(row!.last_used_at).toBeNull();
    const listed = (await (await userSession.fetch("/api/tokens")).json()) as Record<
      string,
      unknown
    >[];
    expect(listed.map((t) => t.id)).toContain(token.id);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const response = await api("/api/teams", secret);
    expect(response.status).toBe(200);
    const teams = (await response.json()) as { name: string; enable_chat_interface: boolean }[];
    expect(teams.filter((t) => t.enable_chat_interface).map((t) => t.name)).toContain(
      "executive-team",
    );
    const [used] = await db.sql`SELECT last_used_at FROM cc_api_tokens WHERE id = ${token.id}`;
    expect(used!.last_used_at).toBeInstanceOf(Date);
  });

  it("are scoped: a read token may only GET, a write token may also change things", async () => {
    const read = await createToken(userSession, "read");
    const write = await createToken(userSession, "write");
    const refused = await api(
      "/api/chat/token",
      read.secret,
      json("POST", { team: "executive-team" }),
    );
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "token_scope" } });
    const allowed = await api(
      "/api/chat/token",
      write.secret,
      json("POST", { team: "executive-team" }),
    );
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ token: expect.any(String) });
  });

  it("give no more than the owner's role: a user's token is refused admin routes, an admin's works within its scope", async () => {
    const { secret } = await createToken(userSession, "write");
    expect((await api("/api/admin/users", secret)).status).toBe(403);
    const admin = await signedIn(app.url, TEST_ADMIN);
    const adminRead = await createToken(admin, "read");
    const adminWrite = await createToken(admin, "write");
    expect((await api("/api/admin/users", adminRead.secret)).status).toBe(200);
    const body = { email: "scripted@example.test", password: "scripted-1", role: "user" };
    expect((await api("/api/admin/users", adminRead.secret, json("POST", body))).status).toBe(403);
    expect((await api("/api/admin/users", adminWrite.secret, json("POST", body))).status).toBe(201);
    const [audit] =
      await db.sql`SELECT performed_by FROM team_audit_log WHERE action = 'user_created' AND details->>'email' = 'scripted@example.test'`;
    expect(audit!.performed_by).toBe(TEST_ADMIN.email);
  });

  it("let viewers read but not write", async () => {
    const viewer = await signedIn(app.url, USERS.viewer);
    const refused = await viewer.fetch(
      "/api/tokens",
      json("POST", { name: "nope", scope: "write" }),
    );
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "scope_not_allowed" } });
    const { secret } = await createToken(viewer, "read");
    expect((await api("/api/teams", secret)).status).toBe(200);
  });

  it("stop working when revoked, and revoking is audited", async () => {
    const { token, secret } = await createToken(userSession, "read", "to revoke");
    expect((await api("/api/teams", secret)).status).toBe(200);
    const revoked = await userSession.fetch(`/api/tokens/${token.id}`, { method: "DELETE" });
    expect(await revoked.json()).toMatchObject({ id: token.id, revoked_at: expect.any(String) });
    const after = await api("/api/teams", secret);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: "token_invalid" } });
    const actions =
      await db.sql`SELECT action, performed_by FROM team_audit_log WHERE details->>'token_id' = ${token.id} ORDER BY created_at`;
    expect(actions).toEqual([
      { action: "api_token_created", performed_by: USERS.user.email },
      { action: "api_token_revoked", performed_by: USERS.user.email },
    ]);
  });

  it("cannot revoke another user's token", async () => {
    const { token, secret } = await createToken(userSession, "read");
    const viewer = await signedIn(app.url, USERS.viewer);
    expect((await viewer.fetch(`/api/tokens/${token.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await api("/api/teams", secret)).status).toBe(200);
  });

  it("stop working while their owner is disabled", async () => {
    const owner = {
      email: "leaver@example.test",
      password: "leaver-password",
      role: "user" as const,
    };
    const { id } = await createUser(db.sql, owner);
    const { secret } = await createToken(await signedIn(app.url, owner), "read");
    expect((await api("/api/teams", secret)).status).toBe(200);
    await setUserDisabled(db.sql, id, true, { id: null, email: "cli:test" });
    expect((await api("/api/teams", secret)).status).toBe(401);
  });

  it("are refused when unknown or malformed, cannot mint tokens, and are ignored by pages", async () => {
    expect((await api("/api/teams", "elfcc_not-a-real-token")).status).toBe(401);
    expect(
      (await fetch(`${app.url}/api/teams`, { headers: { authorization: "Basic dXNlcjpwYXNz" } }))
        .status,
    ).toBe(401);
    const { secret } = await createToken(userSession, "write");
    expect(
      (await api("/api/tokens", secret, json("POST", { name: "more", scope: "write" }))).status,
    ).toBe(401);
    const page = await api("/teams", secret);
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/login/);
  });
});
