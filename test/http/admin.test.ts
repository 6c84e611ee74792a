// Administration is for admins only, on every door: the pages, the server action and the JSON
// routes. Users and viewers are refused with 403; anonymous callers are sent to sign in.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recordTeamHealth } from "@/lib/teams/health";
import { createUser } from "@/lib/users/service";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { callServerAction } from "@/test/support/server-action";
import { json, signedIn } from "./support";

const PEOPLE = {
  admin: TEST_ADMIN,
  user: { email: "user@example.test", password: "user-password-1" },
  viewer: { email: "viewer@example.test", password: "viewer-password-1" },
};
const ACTION = { file: "app/admin/teams/actions.ts", name: "updateTeamSettingsAction" };
const updateSettings = async (session: HttpSession, input: unknown) =>
  (await callServerAction(session, "/admin/teams", ACTION, [input])).result;

let db: TestDatabase;
let app: AppProcess;
const sessions = {} as Record<keyof typeof PEOPLE, HttpSession>;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url);
  await createUser(db.sql, { ...PEOPLE.user, role: "user" });
  await createUser(db.sql, { ...PEOPLE.viewer, role: "viewer" });
  for (const [role, who] of Object.entries(PEOPLE))
    sessions[role as keyof typeof PEOPLE] = await signedIn(app.url, who);
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const chatEnabled = async (team: string) =>
  (
    await db.sql<
      { on: boolean }[]
    >`SELECT enable_chat_interface AS on FROM teams WHERE name = ${team}`
  )[0]?.on;
const patch = (session: HttpSession, team: string, body: unknown) =>
  session.fetch(`/api/teams/${team}`, json("PATCH", body));

describe("the /admin/teams page", () => {
  it("is served to admins, refused with 403 to users and viewers, and sends anonymous visitors to sign in", async () => {
    const page = await sessions.admin.fetch("/admin/teams");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('aria-label="Chat for General Purpose"');
    for (const role of ["user", "viewer"] as const) {
      const refused = await sessions[role].fetch("/admin/teams");
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("You do not have access to this page");
    }
    const anonymous = await fetch(`${app.url}/admin/teams`, { redirect: "manual" });
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toMatch(/\/login\?callbackUrl=/);
  });
});

describe("changing a team's settings", () => {
  it("through the server action: admins may, users and viewers are refused and nothing changes", async () => {
    for (const role of ["user", "viewer"] as const) {
      expect(
        await updateSettings(sessions[role], {
          team: "general-team",
          patch: { enable_chat_interface: true },
        }),
      ).toMatchObject({ ok: false, error: { code: "role_not_allowed" } });
    }
    expect(await chatEnabled("general-team")).toBe(false);
    expect(
      await updateSettings(sessions.admin, {
        team: "general-team",
        patch: { enable_chat_interface: true },
      }),
    ).toEqual({ ok: true, data: { changed: true } });
    expect(await chatEnabled("general-team")).toBe(true);
    const bad = await updateSettings(sessions.admin, {
      team: "general-team",
      patch: { chat_config: { max_messages_per_session: -1 } },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: "bad_request",
        message: expect.stringContaining("patch.chat_config.max_messages_per_session"),
      },
    });
  });

  it("through PATCH /api/teams/<slug>: admins may, users and viewers get 403, anonymous callers 401", async () => {
    for (const role of ["user", "viewer"] as const) {
      const refused = await patch(sessions[role], "marketing-team", {
        enable_chat_interface: false,
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: "role_not_allowed" } });
    }
    expect(
      (
        await fetch(`${app.url}/api/teams/marketing-team`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(401);
    expect(await chatEnabled("marketing-team")).toBe(true);

    const done = await patch(sessions.admin, "marketing-team", {
      enable_chat_interface: false,
      manager: {
        kind: "a2a",
        url: "http://agents.example.test/marketing/.well-known/agent-card.json",
      },
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      changed: true,
      settings: { enable_chat_interface: false, manager: { kind: "a2a" } },
    });
    const listed = (await (await sessions.user.fetch("/api/teams")).json()) as {
      name: string;
      chat_available: boolean;
    }[];
    expect(listed.find((t) => t.name === "marketing-team")?.chat_available).toBe(false);
  });

  it("answers bad input with 400 and a message naming the setting, and an unknown team with 404", async () => {
    const bad = await patch(sessions.admin, "finance-team", {
      status: "sleeping",
      chat_config: { colour: "red" },
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { message: string } };
    expect(error.message).toMatch(/status/);
    expect(error.message).toMatch(/colour/);
    expect((await patch(sessions.admin, "no-such-team", { status: "active" })).status).toBe(404);
  });

  it("records who changed what, before and after", async () => {
    const rows = await db.sql<
      {
        action: string;
        performed_by: string;
        details: { changes: Record<string, { before: unknown; after: unknown }> };
      }[]
    >`
      SELECT a.action, a.performed_by, a.details FROM team_audit_log a JOIN teams t ON t.id = a.team_id
      WHERE t.name IN ('general-team', 'marketing-team') AND a.action <> 'created' ORDER BY a.created_at`;
    expect(rows.map((r) => [r.action, r.performed_by])).toEqual([
      ["chat_enabled", TEST_ADMIN.email],
      ["settings_updated", TEST_ADMIN.email],
    ]);
    expect(rows[1]!.details.changes.manager).toEqual({
      before: { kind: "builtin", url: null },
      after: {
        kind: "a2a",
        url: "http://agents.example.test/marketing/.well-known/agent-card.json",
      },
    });
  });
});

describe("the audit log", () => {
  it("is filtered and exported as JSON and CSV for admins, refused to users, viewers and anonymous callers", async () => {
    const json = await sessions.admin.fetch(
      "/api/admin/audit?team=general-team&action=chat_enabled",
    );
    expect(json.status).toBe(200);
    const entries = (await json.json()) as { action: string; team: string; performed_by: string }[];
    expect(entries).toEqual([
      expect.objectContaining({
        action: "chat_enabled",
        team: "general-team",
        performed_by: TEST_ADMIN.email,
      }),
    ]);

    const csv = await sessions.admin.fetch(
      `/api/admin/audit?format=csv&actor=${encodeURIComponent("admin@")}&team=marketing-team`,
    );
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toBe("created_at,performed_by,action,team,description,details,id");
    expect(lines.slice(1).map((line) => line.split(",")[2])).toEqual(["settings_updated"]);

    expect((await sessions.admin.fetch("/api/admin/audit?limit=0")).status).toBe(400);
    for (const role of ["user", "viewer"] as const) {
      expect((await sessions[role].fetch("/api/admin/audit")).status).toBe(403);
      expect((await sessions[role].fetch("/admin/audit")).status).toBe(403);
    }
    expect((await fetch(`${app.url}/api/admin/audit`)).status).toBe(401);
    const page = await sessions.admin.fetch("/admin/audit?action=chat_enabled");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Export CSV");
  });

  it("cannot be changed through the API", async () => {
    const before =
      await db.sql`SELECT id, action, performed_by, details FROM team_audit_log ORDER BY id`;
    for (const method of ["DELETE", "PUT", "PATCH", "POST"]) {
      const response = await sessions.admin.fetch("/api/admin/audit", {
        method,
        headers: { "content-type": "application/json" },
        body: method === "DELETE" ? undefined : "[]",
      });
      expect(response.status).toBe(405);
    }
    expect(
      await db.sql`SELECT id, action, performed_by, details FROM team_audit_log ORDER BY id`,
    ).toEqual(before);
  });
});

describe("team health on /teams", () => {
  it("shows a chat team whose server is unreachable with a degraded badge and the reason, and hides the URL from non-admins", async () => {
    const [team] = await db.sql<
      { id: string }[]
    >`SELECT id::text FROM teams WHERE name = 'executive-team'`;
    await recordTeamHealth(
      db.sql,
      { id: team!.id, name: "executive-team" },
      {
        url: "http://secret-host.internal:8000",
        reachable: false,
        reason: "cannot connect (ECONNREFUSED)",
      },
    );
    const html = await (await sessions.user.fetch("/teams")).text();
    const badge = html.match(/<a[^>]*data-degraded="true"[^>]*>/)?.[0] ?? "";
    expect(badge).toContain("executive-team/chat");
    expect(badge).toContain("cannot connect (ECONNREFUSED)");
    expect(html).not.toContain("secret-host.internal");
    const api = (await (await sessions.viewer.fetch("/api/teams/executive-team")).json()) as {
      health: Record<string, unknown>;
    };
    expect(api.health).toMatchObject({ reachable: false, reason: "cannot connect (ECONNREFUSED)" });
    expect(JSON.stringify(api)).not.toContain("secret-host.internal");
  });
});
