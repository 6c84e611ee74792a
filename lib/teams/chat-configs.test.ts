// A team's chat_config is read once and kept until the team changes, whoever changes it: the
// admin API or a direct write to the teams table (ELF's dashboard).
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { watchChatConfigs, type ChatConfigs } from "./chat-configs";
import { seedOrganisation } from "./seed";
import { updateTeamSettings } from "./settings";

let db: TestDatabase;
let configs: ChatConfigs;
let teamId: string;
const actor = { id: "00000000-0000-4000-8000-000000000001", email: "ada@example.test" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  teamId = (
    await db.sql<{ id: string }[]>`SELECT id::text FROM teams WHERE name = 'executive-team'`
  )[0]!.id;
  configs = watchChatConfigs(db.sql, pino({ level: "silent" }));
  await listening(configs);
});
afterAll(async () => {
  await configs.close();
  await db.drop();
});

/** Configs are kept only once the change bus is listening. */
const listening = (watcher: ChatConfigs) =>
  vi.waitFor(() => {
    if (watcher.get(teamId) !== watcher.get(teamId)) throw new Error("not listening yet");
  });

describe("watchChatConfigs", () => {
  it("keeps a team's config, and reads it again once an admin changes the team", async () => {
    const kept = configs.get(teamId);
    expect(configs.get(teamId)).toBe(kept);
    expect((await kept).max_messages_per_session).not.toBe(7);
    await updateTeamSettings(
      db.sql,
      "executive-team",
      { chat_config: { max_messages_per_session: 7 } },
      actor,
    );
    await expect.poll(async () => (await configs.get(teamId)).max_messages_per_session).toBe(7);
  });

  it("hears a change written straight to the teams table", async () => {
    await configs.get(teamId);
    await db.sql`
      UPDATE teams SET chat_config = chat_config || '{"require_user_confirmation": false}'::jsonb
      WHERE id = ${teamId}`;
    await expect
      .poll(async () => (await configs.get(teamId)).require_user_confirmation)
      .toBe(false);
  });

  it("reads every time once it no longer hears changes", async () => {
    const closed = watchChatConfigs(db.sql, pino({ level: "silent" }));
    await listening(closed);
    await closed.close();
    expect(closed.get(teamId)).not.toBe(closed.get(teamId));
    expect((await closed.get(teamId)).max_messages_per_session).toBe(7);
  });
});
