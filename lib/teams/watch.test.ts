// What an instance knows of the teams (chat_config, profile) is read once and kept until a team
// changes, whoever changes it: the admin API or a direct write to the teams table (ELF's dashboard).
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createTestDatabase, teamIdOf, type TestDatabase } from "@/test/support/database";
import { watchTeams, type TeamWatch } from "./watch";
import { seedOrganisation } from "./seed";
import { updateTeamSettings } from "./settings";

let db: TestDatabase;
let teams: TeamWatch;
let teamId: string;
const actor = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.test" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  teamId = await teamIdOf(db.sql, "executive-team");
  teams = watchTeams(db.sql, pino({ level: "silent" }));
  await listening(teams);
});
afterAll(async () => {
  await teams.close();
  await db.drop();
});

/** Configs are kept only once the change bus is listening. */
const listening = (watcher: TeamWatch) =>
  vi.waitFor(() => {
    if (watcher.chatConfig(teamId) !== watcher.chatConfig(teamId))
      throw new Error("not listening yet");
  });

describe("watchTeams", () => {
  it("keeps a team's config, and reads it again once an admin changes the team", async () => {
    const kept = teams.chatConfig(teamId);
    expect(teams.chatConfig(teamId)).toBe(kept);
    expect((await kept).max_messages_per_session).not.toBe(7);
    await updateTeamSettings(
      db.sql,
      "executive-team",
      { chat_config: { max_messages_per_session: 7 } },
      actor,
    );
    await expect
      .poll(async () => (await teams.chatConfig(teamId)).max_messages_per_session)
      .toBe(7);
  });

  it("hears a change written straight to the teams table", async () => {
    await teams.chatConfig(teamId);
    await db.sql`
      UPDATE teams SET chat_config = chat_config || '{"require_user_confirmation": false}'::jsonb
      WHERE id = ${teamId}`;
    await expect
      .poll(async () => (await teams.chatConfig(teamId)).require_user_confirmation)
      .toBe(false);
  });

  it("gives every socket of a role one view of the team until a team changes", async () => {
    const teamFor = await teams.team("executive-team");
    const seen = teamFor("user");
    expect(seen).toMatchObject({ name: "executive-team", chat_unavailable_reason: null });
    expect((await teams.team("executive-team"))("user")).toBe(seen);
    expect((await teams.team("no-such-team"))("user")).toBeNull();
    await db.sql`UPDATE teams SET enable_chat_interface = false WHERE id = ${teamId}`;
    await expect
      .poll(async () => (await teams.team("executive-team"))("user")?.chat_unavailable_reason)
      .toBe("chat_disabled");
    await db.sql`UPDATE teams SET enable_chat_interface = true WHERE id = ${teamId}`;
    await expect
      .poll(async () => (await teams.team("executive-team"))("user")?.chat_unavailable_reason)
      .toBeNull();
  });

  it("keeps how a team's manager is reached until an admin changes it", async () => {
    expect(await teams.endpoint(teamId)).toBeNull(); // the built-in manager
    expect(teams.endpoint(teamId)).toBe(teams.endpoint(teamId));
    await updateTeamSettings(
      db.sql,
      "executive-team",
      { manager: { kind: "elf", url: "http://executive.example.test:8000" } },
      actor,
    );
    await expect
      .poll(() => teams.endpoint(teamId))
      .toEqual({ kind: "elf", url: "http://executive.example.test:8000" });
  });

  it("gives every session with a team one profile until a team changes", async () => {
    const kept = await teams.profile("executive-team");
    expect(kept).toMatchObject({ name: "executive-team", delegation_preview: true });
    expect(await teams.profile("executive-team")).toBe(kept);
    expect(await teams.profile("no-such-team")).toBeNull();
    await updateTeamSettings(
      db.sql,
      "executive-team",
      { chat_config: { enable_delegation_preview: false } },
      actor,
    );
    await expect
      .poll(async () => (await teams.profile("executive-team"))?.delegation_preview)
      .toBe(false);
    expect(await teams.profile("executive-team")).not.toBe(kept);
  });

  it("reads every time once it no longer hears changes", async () => {
    const closed = watchTeams(db.sql, pino({ level: "silent" }));
    await listening(closed);
    await closed.close();
    expect(closed.chatConfig(teamId)).not.toBe(closed.chatConfig(teamId));
    expect((await closed.chatConfig(teamId)).max_messages_per_session).toBe(7);
  });
});
