// The security headers on every page of app/ (found on disk, so a new page is checked without
// anyone listing it), on API answers, on the 404 page and on refusals: a fresh nonce-based CSP
// whose nonce every <script> carries, no framing, nosniff, the referrer and permissions policies;
// HSTS and Secure cookies only when the request came over HTTPS (here: a trusted proxy says so).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { signInFrom } from "@/test/support/sign-in-from";
import {
  expectHealthy,
  expectNo500,
  pagesOnDisk,
  startSecurityApp,
  Tally,
  type SecurityApp,
} from "./support";

let s: SecurityApp;
let proxied: AppProcess;
const tally = new Tally();

beforeAll(async () => {
  s = await startSecurityApp();
  proxied = await startAppProcess(s.db.url, { TRUST_PROXY: "true" });
});
afterAll(async () => {
  tally.print("Security headers");
  expect(await proxied?.stop()).toBe(0);
  await s?.stop();
});

function expectSecurityHeaders(response: Response, what: string): string {
  const csp = response.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, `${what}: CSP nonce`).toBeTruthy();
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-eval'/);
  expect(response.headers.get("x-frame-options"), what).toBe("DENY");
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), what).toBe("same-origin");
  expect(response.headers.get("permissions-policy"), what).toContain("camera=()");
  tally.add("answers with every header");
  return nonce!;
}

describe("security headers", () => {
  it("are on every page, with a fresh nonce that each of the page's scripts carries", async () => {
    const pages = pagesOnDisk();
    expect(pages).toEqual(expect.arrayContaining(["/", "/login", "/admin/users", "/teams"]));
    const nonces = new Set<string>();
    let served = 0;
    for (const page of pages) {
      const response = await s.people.admin.session.fetch(page);
      expectNo500(response.status, page);
      const nonce = expectSecurityHeaders(response, page);
      expect(nonces.has(nonce), `${page}: nonce reused`).toBe(false);
      nonces.add(nonce);
      expect(response.headers.get("strict-transport-security"), page).toBeNull();
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      if (response.status === 200) {
        expect(scripts.length, page).toBeGreaterThan(0);
        served += 1;
      }
      for (const tag of scripts) expect(tag, `${page}: ${tag}`).toContain(`nonce="${nonce}"`);
      tally.add("pages checked");
      tally.add("scripts carrying the nonce", scripts.length);
    }
    // The nonce check above means something only if pages were rendered, not only redirected.
    expect(served).toBeGreaterThan(0);
  });

  it("are on API answers, the 404 page and the front door's refusals", async () => {
    const answers = [
      await s.people.admin.session.fetch("/api/teams"),
      await fetch(`${s.app.url}/api/teams`),
      await fetch(`${s.app.url}/no-such-page`),
      await fetch(`${s.app.url}/api/tokens`, {
        method: "POST",
        headers: { cookie: s.people.admin.session.cookieHeader(), origin: "http://evil.example" },
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 403]);
    for (const response of answers) expectSecurityHeaders(response, response.url);
  });

  it("add HSTS and Secure cookies only over HTTPS, as a trusted proxy reports it", async () => {
    const overHttps = await fetch(`${proxied.url}/login`, {
      headers: { "x-forwarded-proto": "https" },
    });
    expectSecurityHeaders(overHttps, "/login over https");
    expect(overHttps.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    // Without TRUST_PROXY the same header is a client's claim, and ignored.
    const claimed = await fetch(`${s.app.url}/login`, {
      headers: { "x-forwarded-proto": "https" },
    });
    expect(claimed.headers.get("strict-transport-security")).toBeNull();

    const secure = await signInFrom("127.0.0.1", proxied.url, TEST_ADMIN, {
      "x-forwarded-proto": "https",
    });
    expect(secure.signedIn).toBe(true);
    expect(secure.cookie).toMatch(/^__Secure-/);
    const plain = await signInFrom("127.0.0.1", s.app.url, TEST_ADMIN);
    expect(plain.cookie).not.toMatch(/__Secure-/);
    await expectHealthy(s.app.url);
  });
});
