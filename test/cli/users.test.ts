// `cc users …` as a real child process against a database URL: what each command changes, that
// it is audited as cli:<user> and announced, and its errors (unknown user, bad role, last admin).
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { ChangeEvent } from "@/lib/events/bus";
import { authenticate } from "@/lib/users/service";
import type { TestDatabase } from "@/test/support/database";
import { CLI_ACTOR, expectCleanFailure, openCliDatabase, runCli } from "./run-cli";

let db: TestDatabase;
let env: Record<string, string>;
let events: ChangeEvent[];
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ db, env, events, close } = await openCliDatabase(inject("pgAdminUrl")));
});
afterAll(() => close?.());

async function user(email: string) {
  const [row] =
    await db.sql`SELECT id::text, email, name, role, disabled_at FROM cc_users WHERE email = ${email}`;
  return row;
}

async function cliAudit() {
  return db.sql`SELECT action, details FROM team_audit_log WHERE performed_by = ${CLI_ACTOR} ORDER BY created_at, id`;
}

describe("cc users (DATABASE_URL)", () => {
  it("adds a user with a generated password printed once, audited and announced", async () => {
    const result = await runCli(
      ["users", "add", "Ada@Example.test", "--role", "admin", "--name", "Ada L."],
      env,
    );
    expect(result.code).toBe(0);
    const password = /^password: (\S+) /m.exec(result.stdout)?.[1];
    expect(result.stdout).toMatch(/^ada@example\.test: added as admin\n/);
    expect(await authenticate(db.sql, "ada@example.test", password!)).toMatchObject({
      role: "admin",
      name: "Ada L.",
    });
    const ada = await user("ada@example.test");
    expect(await cliAudit()).toEqual([
      expect.objectContaining({
        action: "user_created",
        details: expect.objectContaining({ actor_id: null, email: "ada@example.test" }),
      }),
    ]);
    await vi.waitFor(() =>
      expect(events).toContainEqual({ type: "user_changed", user_id: ada!.id }),
    );
  }, 60_000);

  it("takes the password from --password or the first line of stdin, and never prints it", async () => {
    const given = await runCli(
      ["users", "add", "bob@example.test", "--role", "user", "--password", "bob-password-1"],
      env,
    );
    expect(given).toMatchObject({ code: 0, stdout: "bob@example.test: added as user\n" });
    expect(await authenticate(db.sql, "bob@example.test", "bob-password-1")).toMatchObject({
      role: "user",
    });

    const piped = await runCli(
      ["users", "add", "cy@example.test", "--role", "viewer", "--password-stdin"],
      env,
      { stdin: "cy-password-1\n" },
    );
    expect(piped).toMatchObject({ code: 0, stdout: "cy@example.test: added as viewer\n" });
    expect(await authenticate(db.sql, "cy@example.test", "cy-password-1")).toMatchObject({
      role: "viewer",
    });
  }, 60_000);

  it("refuses a bad role, a duplicate, a short password and an empty stdin", async () => {
    expectCleanFailure(
      await runCli(["users", "add", "dee@example.test", "--role", "owner"], env),
      /'owner' is invalid.*Allowed choices are admin, user, viewer/,
    );
    expectCleanFailure(
      await runCli(["users", "add", "BOB@example.test", "--role", "user"], env),
      /^error: A user with the email bob@example\.test already exists\.\n$/,
    );
    expectCleanFailure(
      await runCli(
        ["users", "add", "dee@example.test", "--role", "user", "--password", "short"],
        env,
      ),
      /Passwords have at least 8 characters/,
    );
    expectCleanFailure(
      await runCli(["users", "add", "dee@example.test", "--role", "user", "--password-stdin"], env),
      /no password on standard input/,
    );
    expect(await user("dee@example.test")).toBeUndefined();
  }, 60_000);

  it("changes a role, audited with before and after", async () => {
    const result = await runCli(["users", "set-role", "bob@example.test", "viewer"], env);
    expect(result).toMatchObject({ code: 0, stdout: "bob@example.test: role viewer\n" });
    expect((await user("bob@example.test"))!.role).toBe("viewer");
    expect((await cliAudit()).at(-1)).toMatchObject({
      action: "user_role_changed",
      details: { before: { role: "user" }, after: { role: "viewer" } },
    });
    expectCleanFailure(
      await runCli(["users", "set-role", "bob@example.test", "root"], env),
      /'root' is invalid/,
    );
    expectCleanFailure(
      await runCli(["users", "set-role", "nobody@example.test", "user"], env),
      /^error: No user nobody@example\.test\.\n$/,
    );
  }, 60_000);

  it("disables and re-enables a user; the last enabled admin is protected", async () => {
    expect(await runCli(["users", "disable", "bob@example.test"], env)).toMatchObject({
      code: 0,
      stdout: "bob@example.test: disabled\n",
    });
    expect((await user("bob@example.test"))!.disabled_at).toBeInstanceOf(Date);
    expect(await authenticate(db.sql, "bob@example.test", "bob-password-1")).toBeNull();
    expect(await runCli(["users", "enable", "bob@example.test"], env)).toMatchObject({
      code: 0,
      stdout: "bob@example.test: enabled\n",
    });
    expect((await user("bob@example.test"))!.disabled_at).toBeNull();
    expect((await cliAudit()).slice(-2).map((row) => row.action)).toEqual([
      "user_disabled",
      "user_enabled",
    ]);

    expectCleanFailure(
      await runCli(["users", "disable", "ada@example.test"], env),
      /ada@example\.test is the last enabled admin/,
    );
    expectCleanFailure(
      await runCli(["users", "disable", "nobody@example.test"], env),
      /No user nobody@example\.test/,
    );
    expect((await user("ada@example.test"))!.disabled_at).toBeNull();
  }, 60_000);

  it("lists users as a table or JSON, without password hashes", async () => {
    const table = await runCli(["users", "list"], env);
    expect(table.stdout).toMatch(
      /^EMAIL\s+NAME\s+ROLE\s+STATUS\nada@example\.test\s+Ada L\.\s+admin\s+enabled\n/,
    );
    const json = JSON.parse((await runCli(["users", "list", "--json"], env)).stdout) as Record<
      string,
      unknown
    >[];
    expect(json.map((row) => row.email)).toEqual([
      "ada@example.test",
      "bob@example.test",
      "cy@example.test",
    ]);
    expect(JSON.stringify(json)).not.toContain("argon2");
  }, 60_000);
});
