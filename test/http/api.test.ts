// The HTTP surface of the real, built server on an ephemeral port, against a real database.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { publishChange } from "@/lib/events/bus";
import { CHAT_CONFIG_DEFAULTS } from "@/lib/teams/schemas";
import { createUser } from "@/lib/users/service";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { signedIn } from "./support";

const CHAT_TEAMS = [
  "engineering-team",
  "executive-team",
  "finance-team",
  "marketing-team",
  "operations-team",
];
const USERS = {
  user: { email: "user@example.test", password: "user-password-1", role: "user" as const },
  viewer: { email: "viewer@example.test", password: "viewer-password-1", role: "viewer" as const },
};

let db: TestDatabase;
let app: AppProcess;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url);
  for (const user of Object.values(USERS)) await createUser(db.sql, user);
});
afterAll(async () => {
  expect(await app?.stop()).toBe(0); // graceful shutdown exits cleanly
  await db?.drop();
});

describe("GET /api/health", () => {
  it("reports the process and the database without signing in", async () => {
    const response = await fetch(`${app.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "ok" } });
  });
});

describe("sign-in", () => {
  it("refuses a wrong password without issuing a session", async () => {
    const session = new HttpSession(app.url);
    expect(await session.signIn(TEST_ADMIN.email, "not-the-password")).toBe(false);
    expect((await session.fetch("/api/teams")).status).toBe(401);
  });

  it("sends a signed-out visitor of /teams to /login and back", async () => {
    const response = await fetch(`${app.url}/teams`, { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login\?callbackUrl=%2Fteams$/);
  });

  it("serves /teams with the chat badges to a signed-in user", async () => {
    const html = await (await (await signedIn(app.url, USERS.user)).fetch("/teams")).text();
    expect(html).toContain("Executive Leadership Team");
    expect(html.match(/data-testid="chat-badge"/g)).toHaveLength(CHAT_TEAMS.length);
  });
});

describe("GET /api/teams", () => {
  it("answers 401 with the error shape when signed out", async () => {
    const response = await fetch(`${app.url}/api/teams`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "unauthenticated", message: expect.any(String) },
    });
  });

  it("returns ELF's snake_case team objects with defaults filled in", async () => {
    const teams = (await (
      await (await signedIn(app.url, TEST_ADMIN)).fetch("/api/teams")
    ).json()) as Array<Record<string, unknown>>;
    expect(teams).toHaveLength(12);
    const executive = teams.find((t) => t.name === "executive-team");
    expect(executive).toMatchObject({
      id: expect.any(String),
      display_name: "Executive Leadership Team",
      department: "executive",
      status: "active",
      is_top_level: true,
      enable_chat_interface: true,
      manager: { role: "Chief Executive Officer" },
      parent: null,
      chat_available: true,
      chat_config: CHAT_CONFIG_DEFAULTS,
    });
    expect(
      teams
        .filter((t) => t.enable_chat_interface === true)
        .map((t) => t.name)
        .sort(),
    ).toEqual(CHAT_TEAMS);
  });

  it.each([
    ["admin", TEST_ADMIN, CHAT_TEAMS],
    ["user", USERS.user, CHAT_TEAMS],
    ["viewer", USERS.viewer, []],
  ])("computes chat_available for the %s role", async (_role, who, expected) => {
    const teams = (await (
      await (await signedIn(app.url, who)).fetch("/api/teams")
    ).json()) as Array<{ name: string; chat_available: boolean }>;
    expect(
      teams
        .filter((t) => t.chat_available)
        .map((t) => t.name)
        .sort(),
    ).toEqual(expected);
  });

  it("filters, and refuses unknown or malformed query parameters", async () => {
    const session = await signedIn(app.url, USERS.user);
    const available = (await (
      await session.fetch("/api/teams?chat=available")
    ).json()) as unknown[];
    expect(available).toHaveLength(CHAT_TEAMS.length);
    for (const query of ["?bogus=1", "?status=exploded", "?status=active&status=inactive"]) {
      const response = await session.fetch(`/api/teams${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "bad_request",
      );
    }
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const response = await fetch(`${app.url}/api/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("GET /api/events", () => {
  it("sends a team's plan changes to a page that follows that team, and no other team's", async () => {
    const session = await signedIn(app.url, USERS.viewer);
    // Any registry name may be followed (ELF's names are free text), but not one with a control character.
    expect((await session.fetch("/api/events?topics=plans&team=Not%07a%20name")).status).toBe(400);
    const response = await session.fetch("/api/events?topics=plans&team=executive-team");
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    const readUntil = async (isThere: () => boolean) => {
      while (!isThere()) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended early: ${received}`);
        received += value;
      }
    };
    const plans = () => received.slice(received.indexOf("event: plans"));
    try {
      await readUntil(() => received.includes(": listening"));
      // Notifications arrive in order: had the first been sent, it would come before the second.
      await publishChange(db.sql, {
        type: "plan_changed",
        team: "marketing-team",
        session_id: "s-1",
      });
      await publishChange(db.sql, {
        type: "plan_changed",
        team: "executive-team",
        session_id: "s-2",
      });
      await readUntil(() => received.includes("event: plans") && plans().includes("\n\n"));
      expect(plans()).toBe(
        `event: plans\ndata: ${JSON.stringify({ type: "plan_changed", team: "executive-team", session_id: "s-2" })}\n\n`,
      );
    } finally {
      await reader.cancel();
    }
  });
});

describe("health when the database goes away", () => {
  // A server of its own, on a database the test drops. Starting it (a fresh database: migrations,
  // seed, first admin) is setup, not what the test checks: under load it alone can take most of a
  // test's 30 s, so it happens here, as the file's main server does in its beforeAll.
  let lonely: TestDatabase;
  let other: AppProcess;
  beforeAll(async () => {
    lonely = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    other = await startAppProcess(lonely.url);
  });
  afterAll(async () => {
    await other?.stop();
    await lonely?.drop();
  });

  it("answers 503 when the database is unreachable", async () => {
    expect((await fetch(`${other.url}/api/health`)).status).toBe(200);
    await lonely.drop(); // terminates the server's connections and removes the database
    const response = await fetch(`${other.url}/api/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: "degraded",
      database: { status: "unreachable" },
    });
  });
});
