import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { ensureFirstAdmin, GENERATED_ADMIN_EMAIL } from "./bootstrap";
import { authenticate, createUser } from "./service";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => db.drop());

describe("users and sign-in", () => {
  it("generates one admin on a database without users, then leaves it alone", async () => {
    const first = await ensureFirstAdmin(db.sql, {});
    expect(first).toMatchObject({ kind: "generated", email: GENERATED_ADMIN_EMAIL });
    if (first.kind !== "generated") throw new Error("unreachable");
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect(await authenticate(db.sql, GENERATED_ADMIN_EMAIL, first.password)).toMatchObject({
      role: "admin",
    });
    expect(await ensureFirstAdmin(db.sql, {})).toEqual({ kind: "existing" });
  });

  it("creates or updates the configured admin from ADMIN_EMAIL / ADMIN_PASSWORD", async () => {
    const configured = { email: "Boss@Example.test", password: "first-password" };
    const sessionVersion = async () =>
      (
        await db.sql<
          { v: number }[]
        >`SELECT session_version AS v FROM cc_users WHERE email = 'boss@example.test'`
      )[0]!.v;
    expect(await ensureFirstAdmin(db.sql, configured)).toMatchObject({
      kind: "configured",
      outcome: "created",
    });
    // Every start with the same password keeps the admin's sessions; a new password ends them.
    expect(await ensureFirstAdmin(db.sql, configured)).toMatchObject({ outcome: "updated" });
    expect(await sessionVersion()).toBe(0);
    expect(
      await ensureFirstAdmin(db.sql, { ...configured, password: "second-password" }),
    ).toMatchObject({
      outcome: "updated",
    });
    expect(await sessionVersion()).toBe(1);
    expect(await authenticate(db.sql, "boss@example.test", "first-password")).toBeNull();
    expect(await authenticate(db.sql, "boss@example.test", "second-password")).toMatchObject({
      role: "admin",
      session_version: 1,
    });
  });

  it("stores a hash, never the password, and refuses wrong or disabled credentials", async () => {
    const user = await createUser(db.sql, {
      email: "ada@example.test",
      password: "correct horse",
      role: "user",
    });
    const [row] = await db.sql`SELECT password_hash FROM cc_users WHERE id = ${user.id}`;
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(user).not.toHaveProperty("password_hash");
    expect(await authenticate(db.sql, "ada@example.test", "wrong horse")).toBeNull();
    expect(await authenticate(db.sql, "nobody@example.test", "correct horse")).toBeNull();
    await db.sql`UPDATE cc_users SET disabled_at = now() WHERE id = ${user.id}`;
    expect(await authenticate(db.sql, "ada@example.test", "correct horse")).toBeNull();
  });

  it("refuses a second user with the same email in any case", async () => {
    await createUser(db.sql, { email: "dup@example.test", password: "password-1", role: "viewer" });
    await expect(
      createUser(db.sql, { email: "DUP@example.test", password: "password-2", role: "user" }),
    ).rejects.toThrow(/already exists/);
  });
});
