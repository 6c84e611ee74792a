// Sign-in throttling and sign-out on two instances of the built server sharing one database:
// instance A reads the client's address from its socket, instance B (TRUST_PROXY) from the proxy's
// X-Forwarded-For. An attacker's failures pause the attacker — per address and per address +
// account, with growing pauses, on every instance — and never the right password from another
// address. Sign-out ends the session on both instances at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/users/service";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { HttpSession } from "@/test/support/http-session";
import { serverActionId } from "@/test/support/server-action";
import { signInFrom } from "@/test/support/sign-in-from";
import { expectHealthy, startSecurityApp, Tally, type SecurityApp } from "./support";

let s: SecurityApp;
let proxied: AppProcess;
const tally = new Tally();
const admin = { email: TEST_ADMIN.email, password: TEST_ADMIN.password };
const wrong = { email: TEST_ADMIN.email, password: "not-the-password" };

beforeAll(async () => {
  s = await startSecurityApp();
  proxied = await startAppProcess(s.db.url, { TRUST_PROXY: "true" });
});
afterAll(async () => {
  tally.print("Sign-in throttle and sign-out");
  expect(await proxied?.stop()).toBe(0);
  await s?.stop();
});

/**
 * As if an address's last failure were `seconds` ago: pauses are seconds long, and a test that
 * waited for them would be slow, and flaky on a busy machine.
 */
async function failedSecondsAgo(address: string, seconds: number) {
  const moved = await s.db.sql`
    UPDATE cc_sign_in_failures SET last_failure_at = now() - make_interval(secs => ${seconds})
    WHERE key = ${`address:${address}`} OR key LIKE ${`account:${address}:%`}`;
  expect(moved.count).toBeGreaterThan(0);
}

async function failFrom(address: string, times: number, url = s.app.url, headers = {}) {
  for (let i = 0; i < times; i += 1) {
    const result = await signInFrom(address, url, wrong, headers);
    expect(result).toMatchObject({ signedIn: false, code: "credentials" });
    tally.add("attacker failures");
  }
}

describe("the sign-in throttle", () => {
  it("pauses the attacker's address for the account, never the right password from elsewhere", async () => {
    await failFrom("127.0.0.2", 5);
    // Paused now, right password or not, and a forged X-Forwarded-For changes nothing here.
    for (const [who, headers] of [
      [wrong, {}],
      [admin, {}],
      [admin, { "x-forwarded-for": "203.0.113.9" }],
    ] as const) {
      await failedSecondsAgo("127.0.0.2", 0);
      expect(await signInFrom("127.0.0.2", s.app.url, who, headers)).toMatchObject({
        signedIn: false,
        code: "too_many_attempts",
      });
      tally.add("paused attempts refused");
    }
    // The admin at another address signs in, on both instances.
    expect((await signInFrom("127.0.0.3", s.app.url, admin)).signedIn).toBe(true);
    expect(
      (await signInFrom("127.0.0.3", proxied.url, admin, { "x-forwarded-for": "198.51.100.3" }))
        .signedIn,
    ).toBe(true);
    tally.add("right passwords from elsewhere accepted", 2);

    // The pause grows: 1 s after the fifth failure, 2 s after the sixth. (The clock is moved by
    // moving the last failure back, so a slow machine cannot make this flaky.)
    await failedSecondsAgo("127.0.0.2", 1.5);
    await failFrom("127.0.0.2", 1);
    await failedSecondsAgo("127.0.0.2", 1.5);
    expect((await signInFrom("127.0.0.2", s.app.url, admin)).code).toBe("too_many_attempts");
    await failedSecondsAgo("127.0.0.2", 2.5);
    expect((await signInFrom("127.0.0.2", s.app.url, admin)).signedIn).toBe(true);

    const audit = await s.db.sql<{ details: { reason: string; address: string } }[]>`
      SELECT details FROM team_audit_log
      WHERE action = 'sign_in_failed' AND details->>'reason' = 'too_many_attempts'`;
    expect(audit.map((row) => row.details.address)).toEqual(["127.0.0.2"]);
  });

  it("shares its counters between instances", async () => {
    // Instance A counts 127.0.0.4 by its socket; instance B, behind a proxy, hears it from the proxy.
    await failFrom("127.0.0.4", 5);
    await failedSecondsAgo("127.0.0.4", 0);
    const viaB = await signInFrom("127.0.0.1", proxied.url, admin, {
      "x-forwarded-for": "127.0.0.4",
    });
    expect(viaB).toMatchObject({ signedIn: false, code: "too_many_attempts" });
    // Behind the proxy, the address is the proxy's last hop, not what the client wrote before it.
    const otherClient = await signInFrom("127.0.0.1", proxied.url, admin, {
      "x-forwarded-for": "127.0.0.4, 192.0.2.77",
    });
    expect(otherClient.signedIn).toBe(true);
    tally.add("paused attempts refused");
  });

  it("pauses an address that sprays one password over many accounts", async () => {
    for (let i = 0; i < 20; i += 1) {
      const result = await signInFrom("127.0.0.5", s.app.url, {
        email: `spray-${i}@example.test`,
        password: "Winter2026!",
      });
      expect(result.code).toBe("credentials");
      tally.add("attacker failures");
    }
    // Whoever is at that address now waits, on any account; the same person elsewhere does not.
    const person = { email: "sprayed@example.test", password: "sprayed-password-1" };
    await createUser(s.db.sql, { ...person, role: "user" });
    await failedSecondsAgo("127.0.0.5", 0);
    expect((await signInFrom("127.0.0.5", s.app.url, person)).code).toBe("too_many_attempts");
    expect((await signInFrom("127.0.0.6", s.app.url, person)).signedIn).toBe(true);
    tally.add("paused attempts refused");
    tally.add("right passwords from elsewhere accepted");
    await expectHealthy(s.app.url);
    await expectHealthy(proxied.url);
  });
});

describe("sign-out", () => {
  it("ends the session on every instance at once", async () => {
    const person = { email: "leaving@example.test", password: "leaving-password-1" };
    await createUser(s.db.sql, { ...person, role: "admin" });
    const session = new HttpSession(s.app.url);
    expect(await session.signIn(person.email, person.password)).toBe(true);
    const kept = [session.copy(), session.copy(proxied.url)];
    for (const old of kept) expect((await old.fetch("/api/teams")).status).toBe(200);

    expect((await session.signOut()).status).toBe(302);

    for (const old of kept) {
      expect((await old.fetch("/api/teams")).status).toBe(401);
      const token = await old.fetch("/api/tokens", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "after sign-out", scope: "write" }),
      });
      expect(token.status).toBe(401);
      expect((await old.fetch("/admin/users")).status).toBe(307);
      tally.add("signed-out cookies refused");
    }
    expect(await s.db.sql`SELECT 1 FROM cc_api_tokens WHERE name = 'after sign-out'`).toEqual([]);
    // The header's sign-out button (a server action calling Auth.js's signOut) does the same.
    const viaButton = new HttpSession(s.app.url);
    expect(await viaButton.signIn(person.email, person.password)).toBe(true);
    const keptCopy = viaButton.copy(proxied.url);
    const button = await viaButton.fetch("/teams", {
      method: "POST",
      headers: {
        "next-action": serverActionId("components/site-header.tsx", "$$RSC_SERVER_ACTION_0"),
        "content-type": "text/plain;charset=UTF-8",
      },
      body: "[]",
    });
    expect(button.status).toBeLessThan(500);
    expect((await keptCopy.fetch("/api/teams")).status).toBe(401);
    tally.add("signed-out cookies refused");
    // Signing out one session leaves the person's other sessions alone.
    const other = new HttpSession(proxied.url);
    expect(await other.signIn(person.email, person.password)).toBe(true);
    expect((await other.fetch("/api/teams")).status).toBe(200);
  });
});
