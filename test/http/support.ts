// What the HTTP tests ask of the real server over and over: a signed-in session, a JSON request.
import { expect } from "vitest";
import { HttpSession } from "@/test/support/http-session";

/** A new session signed in as `who`; the test fails unless the sign-in issued a session. */
export async function signedIn(
  baseUrl: string,
  who: { email: string; password: string },
): Promise<HttpSession> {
  const session = new HttpSession(baseUrl);
  expect(await session.signIn(who.email, who.password)).toBe(true);
  return session;
}

/** A request with `body` as JSON, for HttpSession.fetch or fetch. */
export const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
