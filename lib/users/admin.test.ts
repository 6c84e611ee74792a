import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { subscribeChanges, type ChangeEvent } from "../events/bus";
import {
  addUser,
  listUsers,
  resetUserPassword,
  setUserDisabled,
  setUserRole,
  updateUser,
} from "./admin";
import { authenticate } from "./service";

let db: TestDatabase;
const actor = { id: null, email: "cli:tester" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => db.drop());

async function auditFor(userId: string) {
  return db.sql<
    {
      action: string;
      performed_by: string;
      team_id: string | null;
      details: Record<string, unknown>;
    }[]
  >`
    SELECT action, performed_by, team_id::text, details FROM team_audit_log WHERE details->>'user_id' = ${userId} ORDER BY created_at`;
}

describe("user administration", () => {
  it("creates, changes role, disables, re-enables and resets a password, auditing each and publishing it", async () => {
    const events: ChangeEvent[] = [];
    const stop = await subscribeChanges(db.sql, (event) => events.push(event));
    const user = await addUser(
      db.sql,
      { email: "Grace@Example.test", password: "first-password", role: "viewer" },
      actor,
    );
    expect(user).toMatchObject({ email: "grace@example.test", role: "viewer", disabled_at: null });
    expect((await setUserRole(db.sql, "grace@example.test", "user", actor)).role).toBe("user");
    expect((await setUserDisabled(db.sql, user.id, true, actor)).disabled_at).toBeInstanceOf(Date);
    expect(await authenticate(db.sql, "grace@example.test", "first-password")).toBeNull();
    expect((await setUserDisabled(db.sql, user.id, false, actor)).disabled_at).toBeNull();
    await resetUserPassword(db.sql, user.id, "second-password", actor);
    expect(await authenticate(db.sql, "grace@example.test", "second-password")).toMatchObject({
      id: user.id,
    });

    const log = await auditFor(user.id);
    expect(log.map((row) => row.action)).toEqual([
      "user_created",
      "user_role_changed",
      "user_disabled",
      "user_enabled",
      "user_password_reset",
    ]);
    expect(log.every((row) => row.performed_by === "cli:tester" && row.team_id === null)).toBe(
      true,
    );
    expect(log[1]!.details).toMatchObject({ before: { role: "viewer" }, after: { role: "user" } });
    expect(JSON.stringify(log)).not.toContain("second-password");
    await expect
      .poll(() => events.filter((e) => e.type === "user_changed" && e.user_id === user.id).length)
      .toBe(5);
    await stop();
  });

  it("answers not_found for an unknown user and bad_request for bad input", async () => {
    await expect(setUserRole(db.sql, "nobody@example.test", "admin", actor)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      setUserDisabled(db.sql, "00000000-0000-4000-8000-000000000000", true, actor),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      addUser(db.sql, { email: "not-an-email", password: "long-enough", role: "user" }, actor),
    ).rejects.toMatchObject({ code: "bad_request" });
    await expect(
      setUserRole(db.sql, "grace@example.test", "root" as never, actor),
    ).rejects.toMatchObject({ code: "bad_request" });
    await expect(
      resetUserPassword(db.sql, "grace@example.test", "short", actor),
    ).rejects.toMatchObject({ code: "bad_request" });
    await expect(
      addUser(
        db.sql,
        { email: "GRACE@example.test", password: "long-enough", role: "user" },
        actor,
      ),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("never leaves the organisation without an enabled admin, even when two demotions race", async () => {
    const a = await addUser(
      db.sql,
      { email: "admin-a@example.test", password: "password-a", role: "admin" },
      actor,
    );
    const b = await addUser(
      db.sql,
      { email: "admin-b@example.test", password: "password-b", role: "admin" },
      actor,
    );
    const results = await Promise.allSettled([
      setUserRole(db.sql, a.id, "user", actor),
      setUserRole(db.sql, b.id, "viewer", actor),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "conflict", reason: "last_admin" });
    const admins = (await listUsers(db.sql)).filter((u) => u.role === "admin" && !u.disabled_at);
    expect(admins).toHaveLength(1);
    await expect(setUserDisabled(db.sql, admins[0]!.id, true, actor)).rejects.toMatchObject({
      reason: "last_admin",
    });
    await expect(setUserRole(db.sql, admins[0]!.email, "viewer", actor)).rejects.toMatchObject({
      reason: "last_admin",
    });
  });

  it("ends a user's sessions on a password reset and on a disable, not on a role change or a re-enable", async () => {
    const user = await addUser(
      db.sql,
      { email: "sessions@example.test", password: "password-s1", role: "user" },
      actor,
    );
    const version = async () =>
      (await listUsers(db.sql)).find((u) => u.id === user.id)!.session_version;
    expect(user.session_version).toBe(0);
    await setUserRole(db.sql, user.id, "viewer", actor);
    expect(await version()).toBe(0);
    await resetUserPassword(db.sql, user.id, "password-s2", actor);
    expect(await version()).toBe(1);
    await setUserDisabled(db.sql, user.id, true, actor);
    await setUserDisabled(db.sql, user.id, true, actor);
    expect(await version()).toBe(2);
    await setUserDisabled(db.sql, user.id, false, actor);
    expect(await version()).toBe(2);
  });

  it("changes a role and the disabled flag together, auditing each and publishing once", async () => {
    const events: ChangeEvent[] = [];
    const stop = await subscribeChanges(db.sql, (event) => events.push(event));
    try {
      const user = await addUser(
        db.sql,
        { email: "both@example.test", password: "password-b1", role: "user" },
        actor,
      );
      const changed = await updateUser(
        db.sql,
        user.email,
        { role: "viewer", disabled: true },
        actor,
      );
      expect(changed).toMatchObject({ role: "viewer", disabled_at: expect.any(Date) });
      expect((await auditFor(user.id)).map((row) => row.action).sort()).toEqual([
        "user_created",
        "user_disabled",
        "user_role_changed",
      ]);
      await expect
        .poll(() => events.filter((e) => e.type === "user_changed" && e.user_id === user.id).length)
        .toBe(2);
      // The last enabled admin cannot be disabled by a change that also names its role.
      const [last] = (await listUsers(db.sql)).filter((u) => u.role === "admin" && !u.disabled_at);
      await expect(
        updateUser(db.sql, last!.id, { role: "admin", disabled: true }, actor),
      ).rejects.toMatchObject({ reason: "last_admin" });
      await expect(updateUser(db.sql, last!.id, {} as never, actor)).rejects.toMatchObject({
        code: "bad_request",
      });
    } finally {
      await stop();
    }
  });

  it("lets a disabled admin be demoted: only enabled admins count", async () => {
    const c = await addUser(
      db.sql,
      { email: "admin-c@example.test", password: "password-c", role: "admin" },
      actor,
    );
    await setUserDisabled(db.sql, c.id, true, actor);
    expect((await setUserRole(db.sql, c.id, "user", actor)).role).toBe("user");
  });
});
