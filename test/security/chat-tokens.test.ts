// Forged chat tokens against the built server's chat socket and against `npm run team-server`:
// another key, a tampered payload, alg none, HS384/HS512, RS256 and ES256, every claim missing or
// wrong, expired, issued in the future, a disabled user, a reset password, and the wrong kind of
// token (an API token, the session cookie, a token meant for an ELF team server, one signed with
// the session key). Not one opens a chat; the real token does, before and after.
import { decodeJwt, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintChatToken } from "@/lib/auth/chat-token";
import { createUser } from "@/lib/users/service";
import { firstChatFrame, SECRET, startTeamServer, type ServerProcess } from "@/test/elf/support";
import { TEST_SECRETS } from "@/test/support/app-process";
import { chatSocket } from "@/test/support/chat-harness";
import { HttpSession } from "@/test/support/http-session";
import { expectHealthy, startSecurityApp, Tally, type SecurityApp } from "./support";

let s: SecurityApp;
let teamServer: ServerProcess;
const tally = new Tally();
const TEAM = "executive-team";

beforeAll(async () => {
  s = await startSecurityApp();
  teamServer = await startTeamServer({ team: TEAM });
});
afterAll(async () => {
  tally.print("Forged chat tokens");
  await teamServer?.stop();
  await s?.stop();
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

async function sign(
  claims: JWTPayload,
  options: { alg?: string; key?: string | CryptoKey | Uint8Array } = {},
): Promise<string> {
  const alg = options.alg ?? "HS256";
  const key =
    typeof options.key === "string" || options.key === undefined
      ? new TextEncoder().encode(options.key ?? TEST_SECRETS.JWT_SECRET_KEY)
      : options.key;
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(key);
}

/** Every way to forge a token from a real one's claims, signed as the victim expects (`secret`). */
async function forgeries(
  real: JWTPayload,
  secret: string,
  optionalClaims: string[] = [],
): Promise<[string, string][]> {
  const rsa = await generateKeyPair("RS256");
  const ec = await generateKeyPair("ES256");
  const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(real)}.`;
  const list: [string, string][] = [
    ["another key", await sign(real, { key: "not-the-key-0123456789abcdefghijklmnop" })],
    ["alg none", unsigned],
    ["alg None with the old signature", `${b64url({ alg: "None" })}.${b64url(real)}.AAAA`],
    ["HS384 with the right key", await sign(real, { alg: "HS384", key: secret })],
    ["HS512 with the right key", await sign(real, { alg: "HS512", key: secret })],
    ["RS256", await sign(real, { alg: "RS256", key: rsa.privateKey })],
    ["ES256", await sign(real, { alg: "ES256", key: ec.privateKey })],
    ["expired", await sign({ ...real, iat: now() - 7200, exp: now() - 60 }, { key: secret })],
    ["issued in the future", await sign({ ...real, iat: now() + 600 }, { key: secret })],
    ["another type", await sign({ ...real, type: "api" }, { key: secret })],
    ["garbage", "not.a.jwt"],
    ["empty", ""],
  ];
  for (const claim of Object.keys(real)) {
    if (["jti", "session_version", ...optionalClaims].includes(claim)) continue;
    const { [claim]: _dropped, ...rest } = real;
    list.push([`no ${claim}`, await sign(rest, { key: secret })]);
  }
  // The real token with its payload swapped: the signature no longer matches.
  const [header, , signature] = (await sign(real, { key: secret })).split(".");
  list.push([
    "tampered payload",
    `${header}.${b64url({ ...real, roles: ["admin"], role: "admin" })}.${signature}`,
  ]);
  return list;
}

/** "connected", or the refusal's code. */
function connectSocket(token: unknown): Promise<string> {
  const client = chatSocket(s.app.url, token);
  return new Promise<string>((resolve) => {
    client.once("session:ready", () => resolve("connected"));
    client.once("connect_error", (error) =>
      resolve((error as { data?: { code?: string } }).data?.code ?? error.message),
    );
  }).finally(() => client.close());
}

/** "greeting", or the HTTP status of the refused handshake. */
const connectTeamServer = (token: string) => firstChatFrame(teamServer.port, token);

async function realChatToken(session: HttpSession): Promise<string> {
  const response = await session.fetch("/api/chat/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ team: TEAM }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

describe("the chat socket", () => {
  it("opens for the real token and for no forgery", async () => {
    const real = await realChatToken(s.people.user.session);
    expect(await connectSocket(real)).toBe("connected");
    const claims = decodeJwt(real);

    const attacks = await forgeries(claims, TEST_SECRETS.JWT_SECRET_KEY);
    const sessionCookie = s.people.user.session
      .cookieHeader()
      .split("; ")
      .find((pair) => pair.includes("session-token"))!
      .split("=")[1]!;
    const elfKind = await mintChatToken({
      userId: s.people.user.id,
      teamSlug: TEAM,
      role: "user",
      ttlSeconds: 300,
      secret: TEST_SECRETS.JWT_SECRET_KEY,
      for: "elf",
    });
    attacks.push(
      ["an API token", s.people.user.token],
      ["the session cookie", sessionCookie],
      ["a token for an ELF team server", elfKind.token],
      ["signed with the session key", await sign(claims, { key: TEST_SECRETS.AUTH_SECRET })],
      ["a user that does not exist", await sign({ ...claims, user_id: crypto.randomUUID() })],
      ["a user id that is no id", await sign({ ...claims, user_id: "' OR 1=1 --" })],
      ["a team that does not exist", await sign({ ...claims, team_id: "no-such-team" })],
      ["another audience", await sign({ ...claims, aud: "elf-control-center:other" })],
      ["another issuer", await sign({ ...claims, iss: "someone-else" })],
      ["an older session", await sign({ ...claims, session_version: -1 })],
      ["not a string", { token: real } as unknown as string],
    );

    // A disabled user's real token, and a token from before a password reset.
    const person = { email: "chat-victim@example.test", password: "chat-victim-1" };
    const { id } = await createUser(s.db.sql, { ...person, role: "user" });
    const victim = new HttpSession(s.app.url);
    expect(await victim.signIn(person.email, person.password)).toBe(true);
    const beforeReset = await realChatToken(victim);
    const reset = await s.people.admin.session.fetch(`/api/admin/users/${id}/password`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: "chat-victim-2" }),
    });
    expect(reset.status).toBe(204);
    attacks.push(["minted before a password reset", beforeReset]);
    const again = new HttpSession(s.app.url);
    expect(await again.signIn(person.email, "chat-victim-2")).toBe(true);
    const beforeDisable = await realChatToken(again);
    const disable = await s.people.admin.session.fetch(`/api/admin/users/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ disabled: true }),
    });
    expect(disable.status).toBe(200);
    attacks.push(["a disabled user's", beforeDisable]);

    for (const [label, token] of attacks) {
      expect(await connectSocket(token), label).not.toBe("connected");
      tally.add("forged tokens refused by the chat socket");
    }
    expect(await connectSocket(real)).toBe("connected");
    await expectHealthy(s.app.url);
  });
});

describe("npm run team-server", () => {
  it("opens for ELF's own kind of token and for no forgery", async () => {
    const claims = {
      user_id: "user-1",
      team_id: TEAM,
      roles: ["admin"],
      type: "websocket_auth",
      iat: now(),
      exp: now() + 3600,
    };
    expect(await connectTeamServer(await sign(claims, { key: SECRET }))).toBe("greeting");
    // ELF's team servers read a token without roles as ["user"]: that claim may be missing.
    const attacks = await forgeries(claims, SECRET, ["roles"]);
    attacks.push(
      ["for another team", await sign({ ...claims, team_id: "general-team" }, { key: SECRET })],
      [
        "with an audience, as our own socket's tokens have",
        await sign({ ...claims, aud: "x" }, { key: SECRET }),
      ],
      ["signed with the app's key", await sign(claims)],
    );
    for (const [label, token] of attacks) {
      expect([401, 403], label).toContain(await connectTeamServer(token));
      tally.add("forged tokens refused by the team server");
    }
    expect(await connectTeamServer(await sign(claims, { key: SECRET }))).toBe("greeting");
  });
});
