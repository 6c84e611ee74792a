// `npm run team-server` accepts exactly the tokens an ELF team server accepts and refuses what it
// refuses: tokens minted by PyJWT as ELF mints them (user_id, team_id, roles, type — no `role`)
// open a chat; a token carrying any `aud` (as PyJWT refuses without an audience), of another
// type, or issued in the future beyond a small leeway does not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintWithPyJwt } from "@/test/support/elf-peer";
import {
  SECRET,
  firstChatFrame,
  mintElfToken,
  startTeamServer,
  type ServerProcess,
} from "./support";

let server: ServerProcess;
beforeAll(async () => {
  server = await startTeamServer({ team: "executive-team" });
});
afterAll(async () => {
  await server?.stop();
});

/** ELF's JWTHandler.create_token claims; iat/exp in seconds from now. */
const elfClaims = (extra: Record<string, unknown> = {}) => ({
  user_id: "user-1",
  team_id: "executive-team",
  roles: ["admin"],
  type: "websocket_auth",
  iat: 0,
  exp: 3600,
  ...extra,
});

/** The first frame's type, or the HTTP status of the refused handshake. */
const openWith = (token: string) => firstChatFrame(server.port, token);

describe("team server tokens", () => {
  it("accepts a token minted by PyJWT as ELF mints it, without a role claim", async () => {
    expect(await openWith(await mintWithPyJwt(elfClaims(), SECRET))).toBe("greeting");
  });

  it("refuses any audience, as PyJWT decoding without one does — the Control Center's own socket tokens too", async () => {
    expect(await openWith(await mintWithPyJwt(elfClaims({ aud: "anything" }), SECRET))).toBe(401);
    expect(await openWith(await mintElfToken({ for: "control-center" }))).toBe(401);
  });

  it("refuses another type, an expired token and one issued in the future", async () => {
    expect(await openWith(await mintWithPyJwt(elfClaims({ type: "api" }), SECRET))).toBe(401);
    expect(await openWith(await mintWithPyJwt(elfClaims({ exp: -60 }), SECRET))).toBe(401);
    expect(await openWith(await mintWithPyJwt(elfClaims({ iat: 600 }), SECRET))).toBe(401);
    // A few seconds of clock skew are not a reason to refuse.
    expect(await openWith(await mintWithPyJwt(elfClaims({ iat: 5 }), SECRET))).toBe("greeting");
  });
});
