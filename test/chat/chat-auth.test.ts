// Who gets a chat socket: the handshake checks the token and re-checks user and team.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CHAT_TOKEN_AUDIENCE, CHAT_TOKEN_ISSUER } from "@/lib/auth/chat-token";
import type { User } from "@/lib/users/schemas";
import { TEST_SECRETS } from "@/test/support/app-process";
import { startChatHarness, type ChatHarness } from "@/test/support/chat-harness";

let harness: ChatHarness;
let user: User;

beforeAll(async () => {
  harness = await startChatHarness(inject("pgAdminUrl"), {
    env: { CHAT_MAX_CONNECTIONS_PER_USER: "2" },
  });
  user = await harness.createUser("user");
});
afterAll(() => harness.close());

const sign = (claims: Record<string, unknown>, secret = TEST_SECRETS.JWT_SECRET_KEY) =>
  new SignJWT({
    user_id: user.id,
    team_id: "executive-team",
    role: "user",
    roles: ["user"],
    type: "websocket_auth",
    ...claims,
  })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("5m")
    .setAudience(CHAT_TOKEN_AUDIENCE)
    .setIssuer(CHAT_TOKEN_ISSUER)
    .sign(new TextEncoder().encode(secret));

describe("chat handshake", () => {
  it("accepts a valid token and answers with the session", async () => {
    const { ready } = await harness.connect(await harness.token(user, "executive-team"));
    expect(ready.session.team.name).toBe("executive-team");
    expect(ready.session.read_only).toBe(false);
  });

  it.each([
    ["no token", undefined, "token_missing"],
    ["garbage", "not-a-jwt-not-a-jwt-not-a-jwt", "token_invalid"],
  ])("refuses %s", async (_label, token, code) => {
    const refused = await harness.connectRefused(token);
    expect(refused.data.code).toBe(code);
  });

  it("refuses an expired token", async () => {
    const refused = await harness.connectRefused(
      await harness.token(user, "executive-team", { ttlSeconds: -30 }),
    );
    expect(refused.data).toMatchObject({
      code: "token_expired",
      message: expect.stringMatching(/expired/),
    });
  });

  it("refuses a tampered token", async () => {
    const token = await harness.token(user, "executive-team");
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, "base64url").toString()),
        role: "admin",
      }),
    ).toString("base64url");
    expect((await harness.connectRefused(`${header}.${forged}.${signature}`)).data.code).toBe(
      "token_invalid",
    );
  });

  it("refuses a token signed with another key", async () => {
    const token = await harness.token(user, "executive-team", {
      secret: "another-secret-0123456789-0123456789-abc",
    });
    expect((await harness.connectRefused(token)).data.code).toBe("token_invalid");
  });

  it("refuses a token without our audience (an upstream ELF token)", async () => {
    const token = await harness.token(user, "executive-team", { for: "elf" });
    expect((await harness.connectRefused(token)).data.code).toBe("token_invalid");
  });

  it("refuses a token issued in the future beyond a small leeway, and accepts clock skew within it", async () => {
    const issuedAt = async (secondsFromNow: number) =>
      new SignJWT({
        user_id: user.id,
        team_id: "executive-team",
        role: "user",
        roles: ["user"],
        type: "websocket_auth",
      })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt(Math.floor(Date.now() / 1000) + secondsFromNow)
        .setExpirationTime("15m")
        .setAudience(CHAT_TOKEN_AUDIENCE)
        .setIssuer(CHAT_TOKEN_ISSUER)
        .sign(new TextEncoder().encode(TEST_SECRETS.JWT_SECRET_KEY));
    const refused = await harness.connectRefused(await issuedAt(600));
    expect(refused.data).toMatchObject({
      code: "token_invalid",
      message: "The chat token is not yet valid (iat).",
    });
    const { client } = await harness.connect(await issuedAt(5));
    client.disconnect();
  });

  it("refuses the wrong type and an unsigned token", async () => {
    expect((await harness.connectRefused(await sign({ type: "api" }))).data.code).toBe(
      "token_invalid",
    );
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ user_id: user.id, team_id: "executive-team", type: "websocket_auth" })).toString("base64url")}.`;
    expect((await harness.connectRefused(unsigned)).data.code).toBe("token_invalid");
  });

  it("refuses a team that is not chat-eligible and one that does not exist", async () => {
    expect((await harness.connectRefused(await harness.token(user, "qa-team"))).data.code).toBe(
      "not_top_level",
    );
    expect(
      (await harness.connectRefused(await harness.token(user, "general-team"))).data.code,
    ).toBe("chat_disabled");
    expect(
      (await harness.connectRefused(await harness.token(user, "no-such-team"))).data.code,
    ).toBe("team_not_found");
  });

  it("refuses a role the team does not allow, checked against the database, not the token", async () => {
    const viewer = await harness.createUser("viewer");
    expect(
      (await harness.connectRefused(await harness.token(viewer, "executive-team"))).data.code,
    ).toBe("role_not_allowed");
    // A token minted while the user was allowed stops working once the role changes.
    const demoted = await harness.createUser("user");
    const token = await harness.token(demoted, "executive-team");
    await harness.db.sql`UPDATE cc_users SET role = 'viewer' WHERE id = ${demoted.id}`;
    expect((await harness.connectRefused(token)).data.code).toBe("role_not_allowed");
  });

  it("refuses a disabled user", async () => {
    const gone = await harness.createUser("user");
    const token = await harness.token(gone, "executive-team");
    await harness.db.sql`UPDATE cc_users SET disabled_at = now() WHERE id = ${gone.id}`;
    expect((await harness.connectRefused(token)).data.code).toBe("user_disabled");
  });

  it("caps concurrent chat connections per user", async () => {
    const busy = await harness.createUser("user");
    await harness.connect(await harness.token(busy, "executive-team"));
    await harness.connect(await harness.token(busy, "engineering-team"));
    const refused = await harness.connectRefused(await harness.token(busy, "finance-team"));
    expect(refused.data.code).toBe("too_many_connections");
  });

  it("disconnects a socket when its token expires; a fresh token resumes the same session", async () => {
    const { client, ready } = await harness.connect(
      await harness.token(user, "marketing-team", { ttlSeconds: 2 }),
    );
    const expired = new Promise((resolve) =>
      client.on("chat:error", (error) => error.code === "token_expired" && resolve(error)),
    );
    const disconnected = new Promise((resolve) => client.on("disconnect", resolve));
    await expired;
    expect(await disconnected).toBe("io server disconnect");
    const again = await harness.connect(await harness.token(user, "marketing-team"));
    expect(again.ready.session.id).toBe(ready.session.id);
  });
});
