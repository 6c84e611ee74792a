import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { subscribeChanges, type ChangeEvent } from "../events/bus";
import { seedOrganisation } from "./seed";
import { getTeamSettings, setChatEnabled, updateTeamSettings } from "./settings";
import { teamSettingsPatchSchema } from "./settings-schemas";

let db: TestDatabase;
const actor = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.test" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
});
afterAll(() => db.drop());

const auditOf = (team: string) =>
  db.sql<
    {
      action: string;
      performed_by: string;
      details: { changes: Record<string, { before: unknown; after: unknown }> };
    }[]
  >`
    SELECT a.action, a.performed_by, a.details FROM team_audit_log a JOIN teams t ON t.id = a.team_id
    WHERE t.name = ${team} AND a.action <> 'created' ORDER BY a.created_at, a.id`;

describe("team settings", () => {
  it("enables chat, audits before and after, and announces the change once", async () => {
    const events: ChangeEvent[] = [];
    const unsubscribe = await subscribeChanges(db.sql, (event) => events.push(event));
    try {
      const first = await setChatEnabled(db.sql, { teams: ["general-team"] }, true, actor);
      const again = await setChatEnabled(db.sql, { teams: ["general-team"] }, true, actor);
      expect(first).toEqual([{ team: "general-team", changed: true }]);
      expect(again).toEqual([{ team: "general-team", changed: false }]);
      expect((await getTeamSettings(db.sql, "general-team")).enable_chat_interface).toBe(true);
      const audit = await auditOf("general-team");
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: "chat_enabled",
        performed_by: "ada@example.test",
        details: { changes: { enable_chat_interface: { before: false, after: true } } },
      });
      await expect
        .poll(
          () => events.filter((e) => e.type === "team_changed" && e.team === "general-team").length,
        )
        .toBe(1);
    } finally {
      await unsubscribe();
    }
  });

  it("merges chat_config keys, keeps keys ELF added, and sets the manager endpoint", async () => {
    await db.sql`UPDATE teams SET chat_config = chat_config || '{"elf_extra": 7}'::jsonb WHERE name = 'marketing-team'`;
    const { before, after } = await updateTeamSettings(
      db.sql,
      "marketing-team",
      {
        chat_config: { max_messages_per_session: 80, allowed_roles: ["admin"] },
        manager: { kind: "elf", url: "http://marketing:8000/" },
      },
      actor,
    );
    expect(before.chat_config.max_messages_per_session).toBe(50);
    expect(after.chat_config).toMatchObject({
      max_messages_per_session: 80,
      allowed_roles: ["admin"],
      max_session_duration_minutes: 45,
      elf_extra: 7,
    });
    expect(after.manager).toEqual({ kind: "elf", url: "http://marketing:8000" });
    const [audit] = (await auditOf("marketing-team")).slice(-1);
    expect(audit?.action).toBe("settings_updated");
    expect(Object.keys(audit!.details.changes).sort()).toEqual(["chat_config", "manager"]);
  });

  it("refuses bad values with messages that name the key, and changes nothing", async () => {
    const bad = teamSettingsPatchSchema.safeParse({
      chat_config: { max_messages_per_session: 0, allowed_roles: ["owner"], colour: "red" },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => issue.path.join(".") || issue.message);
    expect(paths).toEqual(
      expect.arrayContaining([
        "chat_config.max_messages_per_session",
        "chat_config.allowed_roles.0",
      ]),
    );
    expect(bad.error!.issues.some((issue) => issue.code === "unrecognized_keys")).toBe(true);
    expect(
      teamSettingsPatchSchema.safeParse({ manager: { kind: "elf", url: "ftp://x" } }).success,
    ).toBe(false);
    expect(teamSettingsPatchSchema.safeParse({}).success).toBe(false);
    await expect(
      setChatEnabled(db.sql, { teams: ["finance-team", "no-such-team"] }, false, actor),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await getTeamSettings(db.sql, "finance-team")).enable_chat_interface).toBe(true);
  });

  it("switches several teams all or nothing: when one fails, the others keep their settings, unaudited and unannounced", async () => {
    const before = (await getTeamSettings(db.sql, "operations-team")).enable_chat_interface;
    const audited = (await auditOf("operations-team")).length;
    // The database refuses finance-team's change, after operations-team's went through.
    await db.sql`CREATE FUNCTION refuse_finance_team() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'finance-team is frozen'; END $$`;
    await db.sql`CREATE TRIGGER refuse_finance_team BEFORE UPDATE ON teams FOR EACH ROW WHEN (NEW.name = 'finance-team') EXECUTE FUNCTION refuse_finance_team()`;
    const events: ChangeEvent[] = [];
    const unsubscribe = await subscribeChanges(db.sql, (event) => events.push(event));
    try {
      await expect(
        setChatEnabled(db.sql, { teams: ["operations-team", "finance-team"] }, !before, actor),
      ).rejects.toThrow(/frozen/);
      expect((await getTeamSettings(db.sql, "operations-team")).enable_chat_interface).toBe(before);
      expect(await auditOf("operations-team")).toHaveLength(audited);
      // Events arrive in commit order: once this one is in, anything published before it is too.
      await setChatEnabled(
        db.sql,
        { teams: ["marketing-team"] },
        !(await getTeamSettings(db.sql, "marketing-team")).enable_chat_interface,
        actor,
      );
      await expect
        .poll(() => events.some((e) => e.type === "team_changed" && e.team === "marketing-team"))
        .toBe(true);
      expect(events).not.toContainEqual({ type: "team_changed", team: "operations-team" });
    } finally {
      await unsubscribe();
      await db.sql`DROP TRIGGER refuse_finance_team ON teams`;
    }
  });

  it("never refuses ELF's own operations on its audit log, and shows tampering with the Control Center's entries", async () => {
    const tampered = () =>
      db.sql<{ what: string; action: string }[]>`
        SELECT what, entry->>'action' AS action FROM cc_audit_tampered ORDER BY what`;
    // ELF's scripts write, change and delete their own entries, as they did before adoption.
    await db.sql`INSERT INTO team_audit_log (action, description, performed_by)
      VALUES ('created', 'by an ELF script', 'elf-script')`;
    await db.sql`UPDATE team_audit_log SET description = 'edited' WHERE performed_by = 'elf-script'`;
    await db.sql`DELETE FROM team_audit_log WHERE performed_by = 'elf-script'`;
    expect(await tampered()).toEqual([]);
    // Deleting a team keeps its entries, without the reference: not tampering.
    const [team] = await db.sql<
      { id: string }[]
    >`SELECT id::text FROM teams WHERE name = 'general-team'`;
    await db.sql`DELETE FROM teams WHERE id = ${team!.id}`;
    const [row] = await db.sql<
      { count: number }[]
    >`SELECT count(*)::int AS count FROM team_audit_log WHERE details->'changes' ? 'enable_chat_interface' AND team_id IS NULL`;
    expect(row?.count).toBe(1);
    expect(await tampered()).toEqual([]);
    // The Control Center's own entries, changed or removed by SQL, are shown as such.
    await db.sql`UPDATE team_audit_log SET performed_by = 'mallory' WHERE action = 'chat_enabled'`;
    await db.sql`DELETE FROM team_audit_log WHERE action = 'settings_updated'`;
    expect(await tampered()).toEqual(
      expect.arrayContaining([
        { what: "changed", action: "chat_enabled" },
        { what: "removed", action: "settings_updated" },
      ]),
    );
    await expect(db.sql`DELETE FROM cc_audit_seals`).rejects.toThrow(/append-only/);
    await expect(db.sql`TRUNCATE cc_audit_seals`).rejects.toThrow(/append-only/);
  });
});
