// Opening a chat session: the open one is resumed, two tabs (or instances) connecting at once
// share one new session, and a session past its duration is ended before a new one begins.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, teamIdOf, type TestDatabase } from "@/test/support/database";
import { createDb } from "../db/client";
import { CHAT_CONFIG_DEFAULTS } from "../teams/schemas";
import { seedOrganisation } from "../teams/seed";
import { openChatSession } from "./service";

let db: TestDatabase;
let teamId: string;
const config = { ...CHAT_CONFIG_DEFAULTS, max_session_duration_minutes: 30 };
let users = 0;
const newUser = () => `00000000-0000-4000-8000-${String(++users).padStart(12, "0")}`;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  await seedOrganisation(db.sql);
  teamId = await teamIdOf(db.sql, "executive-team");
});
afterAll(() => db.drop());

const sessionsOf = (userId: string) =>
  db.sql<{ id: string; ended_at: Date | null; end_reason: string | null }[]>`
    SELECT id::text, ended_at, session_metadata->>'end_reason' AS end_reason
    FROM team_chat_sessions WHERE team_id = ${teamId} AND user_id = ${userId} ORDER BY started_at`;

describe("openChatSession", () => {
  it("opens a session once and resumes it while it is within its duration", async () => {
    const userId = newUser();
    const metadata = { source: "control_center", team: "executive-team" };
    const first = await openChatSession(db.sql, { teamId, userId, config, metadata });
    expect(first).toMatchObject({
      created: true,
      session: { team_id: teamId, user_id: userId, ended_at: null, message_count: 0 },
    });
    expect(first.session.session_metadata).toEqual(metadata);
    const again = await openChatSession(db.sql, { teamId, userId, config, metadata: {} });
    expect(again).toEqual({ created: false, session: first.session });
    expect(await sessionsOf(userId)).toHaveLength(1);
  });

  it("gives tabs connecting at once from separate connections one new session", async () => {
    const pools = Array.from({ length: 6 }, () => createDb(db.url, { max: 1 }));
    try {
      await Promise.all(pools.map((pool) => pool`SELECT 1`)); // connected before the race
      for (let round = 0; round < 10; round += 1) {
        const userId = newUser();
        const opened = await Promise.all(
          pools.map((pool) => openChatSession(pool, { teamId, userId, config, metadata: {} })),
        );
        expect(new Set(opened.map((o) => o.session.id)).size).toBe(1);
        expect(opened.filter((o) => o.created)).toHaveLength(1);
        expect(await sessionsOf(userId)).toHaveLength(1);
      }
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("ends a session past its duration and opens a new one", async () => {
    const userId = newUser();
    const { session } = await openChatSession(db.sql, { teamId, userId, config, metadata: {} });
    const within = new Date(session.started_at.getTime() + 29 * 60_000);
    const past = new Date(session.started_at.getTime() + 31 * 60_000);
    const resumed = await openChatSession(db.sql, {
      teamId,
      userId,
      config,
      metadata: {},
      now: within,
    });
    expect(resumed).toMatchObject({ created: false, session: { id: session.id } });
    const renewed = await openChatSession(db.sql, {
      teamId,
      userId,
      config,
      metadata: {},
      now: past,
    });
    expect(renewed.created).toBe(true);
    expect(renewed.session.id).not.toBe(session.id);
    expect(await sessionsOf(userId)).toMatchObject([
      { id: session.id, end_reason: "duration_limit" },
      { id: renewed.session.id, ended_at: null, end_reason: null },
    ]);
    expect((await sessionsOf(userId))[0]!.ended_at).toBeInstanceOf(Date);
  });
});
