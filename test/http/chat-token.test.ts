// POST /api/chat/token on the real server: who gets a chat token, and what is in it.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyChatToken } from "@/lib/auth/chat-token";
import { createUser } from "@/lib/users/service";
import {
  startAppProcess,
  TEST_ADMIN,
  TEST_SECRETS,
  type AppProcess,
} from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { signedIn } from "./support";

let db: TestDatabase;
let app: AppProcess;
const USER = { email: "chatter@example.test", password: "chatter-password", role: "user" as const };
const VIEWER = {
  email: "watcher@example.test",
  password: "watcher-password",
  role: "viewer" as const,
};

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url);
  await createUser(db.sql, USER);
  await createUser(db.sql, VIEWER);
});
afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

interface TokenReply {
  token: string;
  expires_at: string;
  error: { code: string; message: string };
}

async function requestToken(session: HttpSession, body: unknown, contentType = "application/json") {
  const response = await session.fetch("/api/chat/token", {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as TokenReply };
}

describe("POST /api/chat/token", () => {
  it("issues a short-lived HS256 token with ELF's claims for an allowed user", async () => {
    const { status, body } = await requestToken(await signedIn(app.url, USER), {
      team: "executive-team",
    });
    expect(status).toBe(200);
    const claims = await verifyChatToken(body.token, TEST_SECRETS.JWT_SECRET_KEY);
    const [row] = await db.sql<
      { id: string }[]
    >`SELECT id::text FROM cc_users WHERE email = ${USER.email}`;
    expect(claims).toMatchObject({
      user_id: row!.id,
      team_id: "executive-team",
      role: "user",
      roles: ["user"],
      type: "websocket_auth",
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.jti).toEqual(expect.any(String));
    expect(new Date(body.expires_at).getTime()).toBe(claims.exp * 1000);
    expect(
      JSON.parse(Buffer.from(body.token.split(".")[0]!, "base64url").toString()),
    ).toMatchObject({ alg: "HS256" });
  });

  it("answers 401 when signed out", async () => {
    const { status, body } = await requestToken(new HttpSession(app.url), {
      team: "executive-team",
    });
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthenticated");
  });

  it.each([
    ["not JSON", "{team:", "application/json"],
    ["no team", {}, "application/json"],
    // ELF's team names are free text: only control characters make a name unusable.
    ["a team name with a control character", { team: "Executive\u0007Team" }, "application/json"],
    ["extra keys", { team: "executive-team", ttl: 999999 }, "application/json"],
    ["a form body", "team=executive-team", "application/x-www-form-urlencoded"],
  ])("answers 400 for %s", async (_label, body, type) => {
    const result = await requestToken(await signedIn(app.url, USER), body, type);
    expect(result.status).toBe(400);
    expect(result.body.error).toEqual({ code: "bad_request", message: expect.any(String) });
  });

  it("answers 404 for an unknown team", async () => {
    const { status, body } = await requestToken(await signedIn(app.url, USER), {
      team: "no-such-team",
    });
    expect(status).toBe(404);
    expect(body.error.code).toBe("team_not_found");
  });

  it("answers 403 with the reason when the role is not allowed or the team cannot chat", async () => {
    expect(
      (await requestToken(await signedIn(app.url, VIEWER), { team: "executive-team" })).body.error
        .code,
    ).toBe("role_not_allowed");
    const admin = await signedIn(app.url, TEST_ADMIN);
    const disabled = await requestToken(admin, { team: "general-team" });
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.code).toBe("chat_disabled");
    expect((await requestToken(admin, { team: "qa-team" })).body.error.code).toBe("not_top_level");
  });
});
