// Supabase mode against a project served by the test PostgREST, with the real supabase-js:
// the registry comes from the project, admin changes reach it first, conversations follow
// through the outbox, and an outage of the REST server loses nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openChatSession } from "@/lib/chat/service";
import { insertMessage } from "@/lib/chat/queries";
import { AppError } from "@/lib/errors";
import { subscribeChanges, type ChangeEvent } from "@/lib/events/bus";
import { readSupabaseStatus } from "@/lib/supabase/link";
import { CHAT_CONFIG_DEFAULTS } from "@/lib/teams/schemas";
import { listTeamsForRole } from "@/lib/teams/service";
import { updateTeamSettings } from "@/lib/teams/settings";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import {
  createElfProject,
  PROJECT_TEAMS,
  SERVICE_ROLE_KEY,
  type ElfProject,
} from "@/test/support/postgrest/elf-project";
import { linkAndSync, projectConfig, waitFor } from "./support";

const actor = { id: null, email: "ada@example.test" };
let project: ElfProject;
let local: TestDatabase;
let linked: Awaited<ReturnType<typeof linkAndSync>>;
const events: ChangeEvent[] = [];
let unsubscribe: () => Promise<void>;

beforeAll(async () => {
  project = await createElfProject(inject("pgAdminUrl"));
  local = await createTestDatabase(inject("pgAdminUrl"));
  unsubscribe = await subscribeChanges(local.sql, (event) => events.push(event));
  linked = await linkAndSync(
    local,
    projectConfig(project.rest.url, { SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY }),
  );
});
afterAll(async () => {
  await linked?.sync.stop();
  await unsubscribe?.();
  await local?.drop();
  await project?.close();
});

const projectTeam = async (name: string) =>
  (
    await project.db.sql<
      { enable_chat_interface: boolean; chat_config: Record<string, unknown>; status: string }[]
    >`SELECT enable_chat_interface, chat_config, status FROM teams WHERE name = ${name}`
  )[0]!;

describe("the registry", () => {
  it("is the project's organisation, with its reporting lines, and never the demo seed", async () => {
    const teams = await listTeamsForRole(local.sql, "admin");
    expect(teams.map((t) => t.name).sort()).toEqual(PROJECT_TEAMS);
    const lab = teams.find((t) => t.name === "acme-lab-team")!;
    expect(lab.parent?.team).toBe("acme-research-team");
    expect(lab.manager?.role).toBe("Lab Lead");
    expect(teams.find((t) => t.name === "acme-board-team")!.chat_available).toBe(true);
    const [ids] = await local.sql`SELECT count(*)::int AS n FROM teams t
      WHERE t.id IN (SELECT id FROM teams)`;
    expect(ids!.n).toBe(3);
  });

  it("follows a change made in the project, announcing it on the change bus", async () => {
    await project.db.sql`UPDATE teams SET status = 'inactive' WHERE name = 'acme-lab-team'`;
    await project.db.sql`INSERT INTO teams (name, display_name, department, placement, purpose)
      VALUES ('acme-new-team', 'Acme New', 'ops', 'ops', 'Newly made in ELF')`;
    events.length = 0;
    const { changed } = await linked.sync.refreshNow();
    expect(changed).toEqual(["acme-lab-team", "acme-new-team"]);
    await waitFor(
      async () => events.map((e) => ("team" in e ? e.team : "")),
      (teams) => teams.includes("acme-lab-team") && teams.includes("acme-new-team"),
    );
    const names = (await listTeamsForRole(local.sql, "admin")).map((t) => t.name);
    expect(names).toContain("acme-new-team");
    // Removed in the project: removed here.
    await project.db.sql`DELETE FROM teams WHERE name = 'acme-new-team'`;
    expect((await linked.sync.refreshNow()).changed).toEqual(["acme-new-team"]);
    expect((await linked.sync.refreshNow()).changed).toEqual([]); // nothing new: nothing announced
  });
});

describe("an admin's change to ELF's columns", () => {
  it("is written to the project first, merging chat_config, then mirrored", async () => {
    const { changed } = await updateTeamSettings(
      local.sql,
      "acme-research-team",
      { enable_chat_interface: true },
      actor,
    );
    expect(changed).toBe(true);
    expect((await projectTeam("acme-research-team")).enable_chat_interface).toBe(true);

    await updateTeamSettings(
      local.sql,
      "acme-board-team",
      { chat_config: { max_messages_per_session: 12 } },
      actor,
    );
    const board = await projectTeam("acme-board-team");
    expect(board.chat_config).toEqual({ max_messages_per_session: 12, elf_only_key: 1 });
    // The next refresh finds nothing to change: the mirror already says what the project says.
    expect((await linked.sync.refreshNow()).changed).toEqual([]);
  });

  it("is refused, changing nothing anywhere, while the project cannot be reached", async () => {
    await project.rest.stop();
    try {
      const attempt = updateTeamSettings(
        local.sql,
        "acme-research-team",
        { status: "archived" },
        actor,
      );
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({ code: "unavailable" });
      const [row] = await local.sql`SELECT status FROM teams WHERE name = 'acme-research-team'`;
      expect(row!.status).toBe("active");
      // And the registry is marked stale once a refresh fails.
      await expect(linked.sync.refreshNow()).rejects.toMatchObject({ code: "unavailable" });
      expect((await readSupabaseStatus(local.sql))?.stale).toBe(true);
    } finally {
      await project.rest.start();
    }
    await linked.sync.refreshNow();
    expect((await readSupabaseStatus(local.sql))?.stale).toBe(false);
    expect((await projectTeam("acme-research-team")).status).toBe("active");
  });
});

describe("conversations", () => {
  const boardId = async () =>
    (
      await local.sql<{ id: string }[]>`SELECT id::text FROM teams WHERE name = 'acme-board-team'`
    )[0]!.id;
  const projectMessages = (sessionId: string) =>
    project.db.sql<{ id: string; content: string }[]>`
      SELECT id::text, content FROM team_chat_messages WHERE session_id = ${sessionId} ORDER BY created_at, id`;

  it("reach the project's team_chat_sessions and team_chat_messages, with the audit", async () => {
    const { session } = await openChatSession(local.sql, {
      teamId: await boardId(),
      userId: "user-1",
      config: CHAT_CONFIG_DEFAULTS,
      metadata: {},
    });
    for (const content of ["Hello board", "Plan the launch"])
      await insertMessage(local.sql, {
        sessionId: session.id,
        role: "user",
        content,
        tokenCount: 3,
      });
    const rows = await waitFor(
      () => projectMessages(session.id),
      (r) => r.length === 2,
    );
    expect(rows.map((r) => r.content)).toEqual(["Hello board", "Plan the launch"]);
    // To the microsecond: with milliseconds alone, two messages stored within one millisecond
    // come back from the project in their ids' random order.
    const instants = (db: typeof local.sql) => db<{ id: string; micros: string }[]>`
      SELECT id::text, (extract(epoch FROM created_at) * 1000000)::bigint::text AS micros
      FROM team_chat_messages WHERE session_id = ${session.id} ORDER BY id`;
    const localInstants = await instants(local.sql);
    expect(localInstants.some((r) => !r.micros.endsWith("000"))).toBe(true);
    expect(await instants(project.db.sql)).toEqual(localInstants);
    const [stored] = await project.db.sql`
      SELECT user_id, message_count FROM team_chat_sessions WHERE id = ${session.id}`;
    expect(stored).toEqual({ user_id: "user-1", message_count: 2 });
    // The audit of the admin changes above went the same way.
    await waitFor(
      () => project.db.sql`SELECT action FROM team_audit_log WHERE performed_by = ${actor.email}`,
      (r) => r.length >= 2,
    );
    const status = await waitFor(
      () => readSupabaseStatus(local.sql),
      (s) => s?.outbox.pending === 0,
    );
    expect(status?.outbox.failed).toBe(0);
  });

  it("lose nothing when the REST server stops mid-chat and comes back", async () => {
    const { session } = await openChatSession(local.sql, {
      teamId: await boardId(),
      userId: "user-2",
      config: CHAT_CONFIG_DEFAULTS,
      metadata: {},
    });
    await insertMessage(local.sql, {
      sessionId: session.id,
      role: "user",
      content: "m0",
      tokenCount: 1,
    });
    await waitFor(
      () => projectMessages(session.id),
      (r) => r.length === 1,
    );

    await project.rest.stop();
    const sent = ["m0"];
    for (let i = 1; i <= 6; i += 1) {
      await insertMessage(local.sql, {
        sessionId: session.id,
        role: i % 2 ? "assistant" : "user",
        content: `m${i}`,
        tokenCount: 1,
      });
      sent.push(`m${i}`);
    }
    const behind = await waitFor(
      () => readSupabaseStatus(local.sql),
      (s) => (s?.outbox.pending ?? 0) > 0 && s?.outbox.last_error !== null,
    );
    expect(behind!.outbox.oldest_at).toBeInstanceOf(Date);
    expect((await projectMessages(session.id)).length).toBe(1);

    await project.rest.start();
    const rows = await waitFor(
      () => projectMessages(session.id),
      (r) => r.length === sent.length,
      25_000,
    );
    expect(rows.map((r) => r.content)).toEqual(sent);
    const [counts] = await project.db.sql`
      SELECT message_count FROM team_chat_sessions WHERE id = ${session.id}`;
    expect(counts!.message_count).toBe(sent.length);
    await waitFor(
      () => readSupabaseStatus(local.sql),
      (s) => s?.outbox.pending === 0,
    );
  }, 40_000);
});
