// Sessions follow the account on the real, built server: a password reset or a disable signs the
// user out everywhere (next-auth JWTs cannot be revoked, so the account's session_version is
// checked on every request), and an open event stream ends once its user may no longer use the app.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createUser } from "@/lib/users/service";
import { startAppProcess, TEST_ADMIN, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { HttpSession } from "@/test/support/http-session";
import { json, signedIn } from "./support";

let db: TestDatabase;
let app: AppProcess;
let admin: HttpSession;
let people = 0;

async function newPerson() {
  people += 1;
  const person = {
    email: `person${people}@example.test`,
    password: `password-${people}-old`,
    role: "user" as const,
  };
  const { id } = await createUser(db.sql, person);
  return { ...person, id };
}

const resetPassword = (email: string, password: string) =>
  admin.fetch(`/api/admin/users/${encodeURIComponent(email)}/password`, json("PUT", { password }));

/** An open `GET /api/events` stream, read as it arrives. */
async function openEvents(session: HttpSession) {
  const response = await session.fetch("/api/events?topics=account,teams"); // as every live page asks
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let received = "";
  const read = async (
    stopWhen: (text: string) => boolean,
  ): Promise<{ text: string; ended: boolean }> => {
    while (!stopWhen(received)) {
      const { value, done } = await reader.read();
      if (done) return { text: received, ended: true };
      received += value;
    }
    return { text: received, ended: false };
  };
  await read((text) => text.includes(": listening"));
  return {
    /** Resolves with what arrived once the server ends the stream. */
    ended: () => read(() => false),
    /** Resolves once `marker` has arrived, or with ended: true when the stream ends first. */
    until: (marker: string) => read((text) => text.includes(marker)),
    cancel: () => reader.cancel(),
  };
}

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  app = await startAppProcess(db.url);
  admin = await signedIn(app.url, TEST_ADMIN);
});
afterAll(async () => {
  expect(await app?.stop()).toBe(0);
  await db?.drop();
});

describe("a password reset", () => {
  it("ends every session signed in with the old password, and the new password signs in", async () => {
    const person = await newPerson();
    const [first, second] = [await signedIn(app.url, person), await signedIn(app.url, person)];
    for (const session of [first, second])
      expect((await session.fetch("/api/teams")).status).toBe(200);

    expect((await resetPassword(person.email, "password-new-1")).status).toBe(204);

    for (const session of [first, second]) {
      const refused = await session.fetch("/api/teams");
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: "unauthenticated" } });
      expect(
        (await session.fetch("/api/chat/token", json("POST", { team: "executive-team" }))).status,
      ).toBe(401);
    }
    // Pages send the old session to sign in again.
    expect((await first.fetch("/teams")).headers.get("location")).toMatch(/\/login/);

    const renewed = await signedIn(app.url, { email: person.email, password: "password-new-1" });
    expect((await renewed.fetch("/api/teams")).status).toBe(200);
    expect((await first.fetch("/api/teams")).status).toBe(401);
  });

  it("leaves the sessions of other users alone", async () => {
    const [person, bystander] = [await newPerson(), await newPerson()];
    const other = await signedIn(app.url, bystander);
    expect((await resetPassword(person.email, "password-new-2")).status).toBe(204);
    expect((await other.fetch("/api/teams")).status).toBe(200);
    expect((await admin.fetch("/api/admin/users")).status).toBe(200);
  });
});

describe("disabling a user", () => {
  it("ends their sessions for good: re-enabled, they sign in again", async () => {
    const person = await newPerson();
    const session = await signedIn(app.url, person);
    expect(
      (await admin.fetch(`/api/admin/users/${person.id}`, json("PATCH", { disabled: true })))
        .status,
    ).toBe(200);
    expect((await session.fetch("/api/teams")).status).toBe(401);
    expect(
      (await admin.fetch(`/api/admin/users/${person.id}`, json("PATCH", { disabled: false })))
        .status,
    ).toBe(200);
    expect((await session.fetch("/api/teams")).status).toBe(401);
    expect((await (await signedIn(app.url, person)).fetch("/api/teams")).status).toBe(200);
  });
});

describe("the event stream", () => {
  it("ends when its user is disabled", async () => {
    const person = await newPerson();
    const stream = await openEvents(await signedIn(app.url, person));
    const ended = stream.ended();
    expect(
      (await admin.fetch(`/api/admin/users/${person.id}`, json("PATCH", { disabled: true })))
        .status,
    ).toBe(200);
    expect(await ended).toMatchObject({
      ended: true,
      text: expect.stringContaining("event: account"),
    });
  });

  it("ends when its session is ended by a password reset", async () => {
    const person = await newPerson();
    const stream = await openEvents(await signedIn(app.url, person));
    const ended = stream.ended();
    expect((await resetPassword(person.email, "password-new-3")).status).toBe(204);
    expect(await ended).toMatchObject({ ended: true });
  });

  it("goes on after a change that still lets its user in (a new role), and for other users", async () => {
    const [person, bystander] = [await newPerson(), await newPerson()];
    const mine = await openEvents(await signedIn(app.url, person));
    const theirs = await openEvents(await signedIn(app.url, bystander));
    try {
      expect(
        (await admin.fetch(`/api/admin/users/${person.id}`, json("PATCH", { role: "viewer" })))
          .status,
      ).toBe(200);
      expect((await mine.until("event: account")).ended).toBe(false);
      expect((await resetPassword(bystander.email, "password-new-4")).status).toBe(204);
      expect((await theirs.ended()).ended).toBe(true);
      // A later change still reaches the stream that was allowed to go on.
      expect(
        (
          await admin.fetch(
            "/api/teams/general-team",
            json("PATCH", { enable_chat_interface: true }),
          )
        ).status,
      ).toBe(200);
      expect((await mine.until("event: teams")).ended).toBe(false);
    } finally {
      await mine.cancel();
    }
  });
});
