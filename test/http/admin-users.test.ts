// /api/admin/users on the real, built server: every operation for every role, the last admin,
// sessions that follow the account, and the audit trail of each change and sign-in.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createUser } from "@/lib/users/service";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { json, signedIn } from "./support";

const USERS = {
  user: { email: "user@example.test", password: "user-password-1", role: "user" as const },
  viewer: { email: "viewer@example.test", password: "viewer-password-1", role: "viewer" as const },
};

let db: TestDatabase;
let app: AppProcess;
let admin: HttpSession;
const sessions: Record<"user" | "viewer", HttpSession> = {} as never;

async function auditActions(email: string): Promise<string[]> {
  const rows = await db.sql<{ action: string }[]>`
    SELECT action FROM team_audit_log WHERE details->>'email' = ${email} OR performed_by = ${email} ORDER BY created_at`;
  return rows.map((row) => row.action);
}

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url);
  for (const user of Object.values(USERS)) await createUser(db.sql, user);
  admin = await signedIn(app.url, TEST_ADMIN);
  sessions.user = await signedIn(app.url, USERS.user);
  sessions.viewer = await signedIn(app.url, USERS.viewer);
});
afterAll(async () => {
  expect(await app?.stop()).toBe(0);
  await db?.drop();
});

const OPERATIONS: [string, string, RequestInit?][] = [
  ["list users", "/api/admin/users"],
  [
    "create a user",
    "/api/admin/users",
    json("POST", { email: "refused@example.test", password: "password-123", role: "user" }),
  ],
  [
    "change a role",
    `/api/admin/users/${encodeURIComponent(USERS.viewer.email)}`,
    json("PATCH", { role: "admin" }),
  ],
  [
    "disable a user",
    `/api/admin/users/${encodeURIComponent(USERS.viewer.email)}`,
    json("PATCH", { disabled: true }),
  ],
  [
    "reset a password",
    `/api/admin/users/${encodeURIComponent(USERS.viewer.email)}/password`,
    json("PUT", { password: "taken-over-1" }),
  ],
];

describe("who may manage users", () => {
  it.each(OPERATIONS)(
    "refuses to %s for users and viewers (403) and signed-out callers (401)",
    async (_label, path, init) => {
      for (const role of ["user", "viewer"] as const) {
        const response = await sessions[role].fetch(path, init);
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: "role_not_allowed" } });
      }
      expect((await fetch(new URL(path, app.url), init)).status).toBe(401);
      const [viewer] =
        await db.sql`SELECT role, disabled_at FROM cc_users WHERE email = ${USERS.viewer.email}`;
      expect(viewer).toEqual({ role: "viewer", disabled_at: null });
      expect(await auditActions(USERS.viewer.email)).not.toContain("user_password_reset");
    },
  );

  it("serves the admin page to admins only: users and viewers get the 403 page", async () => {
    const page = await admin.fetch("/admin/users");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(USERS.viewer.email);
    for (const role of ["user", "viewer"] as const)
      expect((await sessions[role].fetch("/admin/users")).status).toBe(403);
    expect((await fetch(`${app.url}/admin/users`, { redirect: "manual" })).status).toBe(307);
  });
});

describe("an admin manages users", () => {
  it("creates a user who can then sign in, and lists them", async () => {
    const created = await admin.fetch(
      "/api/admin/users",
      json("POST", {
        email: "New.Person@example.test",
        name: "New Person",
        password: "new-password-1",
        role: "viewer",
      }),
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      email: "new.person@example.test",
      role: "viewer",
      disabled_at: null,
    });
    const list = (await (await admin.fetch("/api/admin/users")).json()) as {
      email: string;
      password_hash?: string;
    }[];
    expect(list.map((u) => u.email)).toEqual(
      expect.arrayContaining(["new.person@example.test", TEST_ADMIN.email]),
    );
    expect(list.every((u) => u.password_hash === undefined)).toBe(true);
    await signedIn(app.url, { email: "new.person@example.test", password: "new-password-1" });
    const duplicate = await admin.fetch(
      "/api/admin/users",
      json("POST", { email: "new.person@EXAMPLE.test", password: "new-password-2", role: "user" }),
    );
    expect(duplicate.status).toBe(409);
  });

  it("changes a role, which the user's open session gets on its next request", async () => {
    const person = {
      email: "promoted@example.test",
      password: "promoted-1",
      role: "user" as const,
    };
    await createUser(db.sql, person);
    const session = await signedIn(app.url, person);
    expect((await session.fetch("/api/admin/users")).status).toBe(403);
    const changed = await admin.fetch(
      `/api/admin/users/${encodeURIComponent(person.email)}`,
      json("PATCH", { role: "admin" }),
    );
    expect(await changed.json()).toMatchObject({ role: "admin" });
    expect((await session.fetch("/api/admin/users")).status).toBe(200);
    expect(await auditActions(person.email)).toContain("user_role_changed");
  });

  it("disables a user, ending their session at once, and re-enables them", async () => {
    const person = {
      email: "disabled@example.test",
      password: "disabled-1",
      role: "user" as const,
    };
    const { id } = await createUser(db.sql, person);
    const session = await signedIn(app.url, person);
    expect((await session.fetch("/api/teams")).status).toBe(200);
    expect(
      await (await admin.fetch(`/api/admin/users/${id}`, json("PATCH", { disabled: true }))).json(),
    ).toMatchObject({ disabled_at: expect.any(String) });
    expect((await session.fetch("/api/teams")).status).toBe(401);
    expect(await new HttpSession(app.url).signIn(person.email, person.password)).toBe(false);
    await admin.fetch(`/api/admin/users/${id}`, json("PATCH", { disabled: false }));
    await signedIn(app.url, person);
    expect(await auditActions(person.email)).toEqual(
      expect.arrayContaining(["user_disabled", "user_enabled"]),
    );
  });

  it("applies a role and disabled together or not at all", async () => {
    const person = { email: "frozen@example.test", password: "frozen-1", role: "user" as const };
    const { id } = await createUser(db.sql, person);
    // The database refuses to disable this user: the role change asked with it must not stay.
    await db.sql`CREATE FUNCTION refuse_disabling_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'frozen'; END $$`;
    await db.sql`
      CREATE TRIGGER refuse_disabling_frozen BEFORE UPDATE ON cc_users FOR EACH ROW
      WHEN (NEW.email = 'frozen@example.test' AND NEW.disabled_at IS NOT NULL) EXECUTE FUNCTION refuse_disabling_frozen()`;
    try {
      expect(
        (
          await admin.fetch(
            `/api/admin/users/${id}`,
            json("PATCH", { role: "viewer", disabled: true }),
          )
        ).status,
      ).toBe(500);
      const [row] = await db.sql`SELECT role, disabled_at FROM cc_users WHERE id = ${id}`;
      expect(row).toEqual({ role: "user", disabled_at: null });
      expect(await auditActions(person.email)).toEqual([]);
    } finally {
      await db.sql`DROP TRIGGER refuse_disabling_frozen ON cc_users`;
    }
    const changed = await admin.fetch(
      `/api/admin/users/${id}`,
      json("PATCH", { role: "viewer", disabled: true }),
    );
    expect(await changed.json()).toMatchObject({ role: "viewer", disabled_at: expect.any(String) });
    expect((await auditActions(person.email)).sort()).toEqual([
      "user_disabled",
      "user_role_changed",
    ]);
  });

  it("resets a password: the old one stops working, the new one works, neither is in the audit log", async () => {
    const person = {
      email: "forgetful@example.test",
      password: "forgotten-1",
      role: "user" as const,
    };
    await createUser(db.sql, person);
    const reset = await admin.fetch(
      `/api/admin/users/${encodeURIComponent(person.email)}/password`,
      json("PUT", { password: "remembered-1" }),
    );
    expect(reset.status).toBe(204);
    expect(await new HttpSession(app.url).signIn(person.email, person.password)).toBe(false);
    await signedIn(app.url, { email: person.email, password: "remembered-1" });
    const rows =
      await db.sql`SELECT action, details::text FROM team_audit_log WHERE details->>'email' = ${person.email} OR performed_by = ${person.email}`;
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["user_password_reset", "sign_in_failed", "signed_in"]),
    );
    expect(JSON.stringify(rows)).not.toMatch(/forgotten-1|remembered-1/);
  });

  it("does not let strangers write into the audit log by failing to sign in as accounts that do not exist", async () => {
    const stranger = '=HYPERLINK("x")@nobody.test';
    expect(await new HttpSession(app.url).signIn(stranger, "whatever-1")).toBe(false);
    const rows =
      await db.sql`SELECT 1 FROM team_audit_log WHERE performed_by ILIKE '%nobody.test%' OR details::text ILIKE '%nobody.test%'`;
    expect(rows).toHaveLength(0);
  });

  it("answers clearly for an unknown user and for invalid input", async () => {
    const unknown = await admin.fetch(
      "/api/admin/users/nobody%40example.test",
      json("PATCH", { role: "user" }),
    );
    expect(unknown.status).toBe(404);
    const bad = await admin.fetch(
      "/api/admin/users",
      json("POST", { email: "x@example.test", password: "short", role: "user" }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()) as unknown).toMatchObject({
      error: { message: expect.stringMatching(/at least 8 characters/) },
    });
    expect((await admin.fetch("/api/admin/users/x%40example.test", json("PATCH", {}))).status).toBe(
      400,
    );
  });
});

describe("the last admin", () => {
  it("survives two concurrent demotions of the last two admins: one wins, one is refused", async () => {
    const others =
      await db.sql`UPDATE cc_users SET role = 'user' WHERE role = 'admin' AND lower(email) <> ${TEST_ADMIN.email} RETURNING email`;
    expect(others.length).toBeGreaterThan(0); // the admin promoted above
    const second = {
      email: "second-admin@example.test",
      password: "second-admin-1",
      role: "admin" as const,
    };
    await createUser(db.sql, second);
    const secondSession = await signedIn(app.url, second);
    const [a, b] = await Promise.all([
      admin.fetch(
        `/api/admin/users/${encodeURIComponent(second.email)}`,
        json("PATCH", { role: "user" }),
      ),
      secondSession.fetch(
        `/api/admin/users/${encodeURIComponent(TEST_ADMIN.email)}`,
        json("PATCH", { role: "viewer" }),
      ),
    ]);
    // The loser is refused either by the lock (409 last_admin) or, when the winner demoted the
    // loser's own caller first, by the role check on the next request (403).
    expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
    const loser = a.status === 200 ? b : a;
    expect([403, 409]).toContain(loser.status);
    const refused = (await loser.json()) as { error: { code: string } };
    expect(refused.error.code).toBe(loser.status === 409 ? "last_admin" : "role_not_allowed");
    const [{ n }] =
      (await db.sql`SELECT count(*)::int AS n FROM cc_users WHERE role = 'admin' AND disabled_at IS NULL`) as unknown as [
        { n: number },
      ];
    expect(n).toBe(1);
  });

  it("cannot be demoted or disabled, with a message that says why", async () => {
    const [last] = await db.sql<
      { email: string; password: string }[]
    >`SELECT email FROM cc_users WHERE role = 'admin' AND disabled_at IS NULL`;
    const session =
      last!.email === TEST_ADMIN.email
        ? admin
        : await signedIn(app.url, {
            email: "second-admin@example.test",
            password: "second-admin-1",
          });
    for (const change of [{ role: "user" }, { disabled: true }]) {
      const response = await session.fetch(
        `/api/admin/users/${encodeURIComponent(last!.email)}`,
        json("PATCH", change),
      );
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({
        error: { code: "last_admin", message: expect.stringMatching(/make another admin first/) },
      });
    }
  });
});
