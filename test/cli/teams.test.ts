// The CLI against a database URL (DATABASE_URL), run as a real child process: team listing, the
// chat switch and settings, chat tokens; every change audited as cli:<user> and announced on
// the change bus like a change in the app; errors as one line on stderr with exit code 1.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { verifyChatToken } from "@/lib/auth/chat-token";
import type { ChangeEvent } from "@/lib/events/bus";
import { createUser } from "@/lib/users/service";
import { TEST_SECRETS } from "@/test/support/app-process";
import type { TestDatabase } from "@/test/support/database";
import { CLI_ACTOR, expectCleanFailure, openCliDatabase, runCli } from "./run-cli";

let db: TestDatabase;
let env: Record<string, string>;
let events: ChangeEvent[];
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ db, env, events, close } = await openCliDatabase(inject("pgAdminUrl"), {
    JWT_SECRET_KEY: TEST_SECRETS.JWT_SECRET_KEY,
  }));
});
afterAll(() => close?.());

async function team(slug: string) {
  const [row] = await db.sql`
    SELECT t.enable_chat_interface, t.is_top_level, t.status, t.chat_config, m.kind, m.url
    FROM teams t LEFT JOIN cc_team_managers m ON m.team_id = t.id WHERE t.name = ${slug}`;
  return row!;
}

/** The team's audit rows after the seed's "created". */
async function auditRows(slug: string) {
  return db.sql`
    SELECT a.action, a.performed_by, a.details FROM team_audit_log a JOIN teams t ON t.id = a.team_id
    WHERE t.name = ${slug} AND a.action <> 'created' ORDER BY a.created_at, a.id`;
}

describe("cc teams (DATABASE_URL)", () => {
  it("lists every team with its place, status, chat switch and manager, as a table or JSON", async () => {
    const json = await runCli(["teams", "list", "--json"], env);
    expect(json.code).toBe(0);
    const teams = JSON.parse(json.stdout) as { slug: string }[];
    expect(teams.find((t) => t.slug === "general-team")).toMatchObject({
      display_name: "General Purpose",
      is_top_level: true,
      status: "active",
      enable_chat_interface: false,
      manager: { kind: "builtin", url: null },
      chat_config: { allowed_roles: ["admin", "user"] },
    });
    expect(teams.find((t) => t.slug === "frontend-team")).toMatchObject({
      is_top_level: false,
      enable_chat_interface: false,
    });

    const table = await runCli(["teams", "list"], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^SLUG\s+DISPLAY NAME\s+TOP LEVEL\s+STATUS\s+CHAT\s+MANAGER$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^general-team\s+General Purpose\s+yes\s+active\s+off\s+builtin$/),
    );
    expect(lines).toHaveLength(teams.length + 1);
  }, 60_000);

  it("enables chat for a team, audited as cli:<user> and announced on the change bus; again is a no-op", async () => {
    const result = await runCli(["teams", "enable-chat", "general-team"], env);
    expect(result).toMatchObject({ code: 0, stdout: "general-team: chat enabled\n" });
    expect((await team("general-team")).enable_chat_interface).toBe(true);
    expect(await auditRows("general-team")).toEqual([
      expect.objectContaining({ action: "chat_enabled", performed_by: CLI_ACTOR }),
    ]);
    await vi.waitFor(() =>
      expect(events).toContainEqual({ type: "team_changed", team: "general-team" }),
    );

    const again = await runCli(["teams", "enable-chat", "general-team"], env);
    expect(again).toMatchObject({ code: 0, stdout: "general-team: chat was already enabled\n" });
    expect(await auditRows("general-team")).toHaveLength(1);
  }, 60_000);

  it("disables chat for named teams, or for every top-level team", async () => {
    const named = await runCli(["teams", "disable-chat", "general-team"], env);
    expect(named).toMatchObject({ code: 0, stdout: "general-team: chat disabled\n" });
    expect((await team("general-team")).enable_chat_interface).toBe(false);
    expect((await auditRows("general-team")).at(-1)).toMatchObject({
      action: "chat_disabled",
      performed_by: CLI_ACTOR,
    });

    const all = await runCli(["teams", "disable-chat", "--all-top-level"], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("executive-team: chat disabled\n");
    expect(all.stdout).toContain("general-team: chat was already disabled\n");
    expect(all.stdout).not.toContain("frontend-team");
    const enabled =
      await db.sql`SELECT name FROM teams WHERE is_top_level AND enable_chat_interface`;
    expect(enabled).toEqual([]);
    const back = await runCli(["teams", "enable-chat", "--all-top-level"], env);
    const topLevel = await db.sql<{ name: string; enable_chat_interface: boolean }[]>`
      SELECT name, enable_chat_interface FROM teams WHERE is_top_level ORDER BY name`;
    expect(back.stdout.trim().split("\n").sort()).toEqual(
      topLevel.map((row) => `${row.name}: chat enabled`),
    );
    expect(topLevel.every((row) => row.enable_chat_interface)).toBe(true);
  }, 60_000);

  it("refuses an unknown team and changes nothing, not even the teams it knows", async () => {
    expectCleanFailure(
      await runCli(["teams", "enable-chat", "frontend-team", "no-such-team"], env),
      /^error: There is no team called no-such-team; nothing was changed\.\n$/,
    );
    expect((await team("frontend-team")).enable_chat_interface).toBe(false);
    expectCleanFailure(await runCli(["teams", "enable-chat"], env), /Name at least one team/);
  }, 60_000);

  it("sets several settings of a team in one audited change", async () => {
    const result = await runCli(
      [
        "teams",
        "set",
        "sales-team",
        "status=inactive",
        "is_top_level=true",
        "chat_config.allowed_roles=admin,viewer",
        "chat_config.max_messages_per_session=30",
        "manager=elf:http://127.0.0.1:8000/",
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sales-team: status "active" → "inactive"\n');
    expect(result.stdout).toContain(
      'sales-team: chat_config.allowed_roles ["admin","user"] → ["admin","viewer"]\n',
    );
    expect(await team("sales-team")).toMatchObject({
      status: "inactive",
      is_top_level: true,
      chat_config: { allowed_roles: ["admin", "viewer"], max_messages_per_session: 30 },
      kind: "elf",
      url: "http://127.0.0.1:8000",
    });
    const [audit] = await auditRows("sales-team");
    expect(audit).toMatchObject({ action: "settings_updated", performed_by: CLI_ACTOR });
    expect(Object.keys(audit!.details.changes).sort()).toEqual([
      "chat_config",
      "is_top_level",
      "manager",
      "status",
    ]);
  }, 60_000);

  it("refuses an unknown key, a bad value or an unknown team with a message that says why", async () => {
    expectCleanFailure(
      await runCli(["teams", "set", "sales-team", "colour=blue"], env),
      /^error: Unknown setting "colour"\. Settings: enable_chat_interface, /,
    );
    expectCleanFailure(
      await runCli(
        ["teams", "set", "sales-team", "chat_config.max_messages_per_session=0", "status=retired"],
        env,
      ),
      /^error: status: Invalid option: expected one of "active"\|"inactive"\|"archived"\nchat_config\.max_messages_per_session: Too small/,
    );
    expectCleanFailure(
      await runCli(["teams", "set", "no-such-team", "status=active"], env),
      /^error: There is no team called no-such-team\.\n$/,
    );
    expect(await auditRows("sales-team")).toHaveLength(1);
  }, 60_000);
});

describe("cc chat-token", () => {
  it("mints a token the server's key verifies, for our socket or for an ELF team server", async () => {
    const user = await createUser(db.sql, {
      email: "tester@example.test",
      password: "tester-password",
      role: "user",
    });
    const ours = await runCli(
      ["chat-token", "--team", "executive-team", "--user", "Tester@example.test", "--ttl", "120"],
      env,
    );
    expect(ours.code).toBe(0);
    const claims = await verifyChatToken(ours.stdout.trim(), TEST_SECRETS.JWT_SECRET_KEY);
    expect(claims).toMatchObject({
      user_id: user.id,
      team_id: "executive-team",
      role: "user",
      roles: ["user"],
      type: "websocket_auth",
    });
    expect(claims.exp - claims.iat).toBe(120);

    const elf = await runCli(
      ["chat-token", "--team", "executive-team", "--user", user.email, "--for", "elf"],
      env,
    );
    const elfClaims = await verifyChatToken(elf.stdout.trim(), TEST_SECRETS.JWT_SECRET_KEY, {
      audience: null,
    });
    expect(elfClaims.aud).toBeUndefined();
    expect(elfClaims.exp - elfClaims.iat).toBe(3600);
  }, 60_000);

  it("refuses an unknown user or team, and a ttl out of bounds", async () => {
    expectCleanFailure(
      await runCli(
        ["chat-token", "--team", "executive-team", "--user", "nobody@example.test"],
        env,
      ),
      /^error: There is no user with the email nobody@example\.test\.\n$/,
    );
    expectCleanFailure(
      await runCli(["chat-token", "--team", "no-such-team", "--user", "tester@example.test"], env),
      /^error: There is no team called no-such-team\.\n$/,
    );
    expectCleanFailure(
      await runCli(
        ["chat-token", "--team", "executive-team", "--user", "tester@example.test", "--ttl", "5"],
        env,
      ),
      /between 60 and 86400/,
    );
    expectCleanFailure(
      await runCli(["chat-token", "--user", "tester@example.test"], env),
      /required option '--team <slug>' not specified/,
    );
  }, 60_000);
});

describe("cc usage", () => {
  it("prints help with exit code 0 and refuses an unknown command with exit code 1", async () => {
    const help = await runCli(["--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: cc \[options\] \[command\][\s\S]*teams[\s\S]*chat-token/);
    const setHelp = await runCli(["teams", "set", "--help"], env);
    expect(setHelp.stdout).toContain("chat_config.require_user_confirmation");
    expectCleanFailure(await runCli(["teams", "rename", "x"], env), /unknown command 'rename'/);
  }, 60_000);
});
