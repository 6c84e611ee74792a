// Issue 11 as a new ELF user meets it: the built Control Center started as its own process with
// only SUPABASE_URL and SUPABASE_KEY (no DATABASE_URL, no secrets, no admin), against a project
// holding an ELF registry. Through HTTP and a real chat socket: the start names the project and
// the key, /teams shows the project's registry (never the demo seed), enabling chat in the app
// changes the project's row, a chat's messages, a confirmed plan and the audit reach the
// project's tables, and the REST server stopped mid-chat and started again loses nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DelegationPlan } from "@/lib/protocol";
import { chatSocket, nextEvent, type ChatClient } from "@/test/support/chat-harness";
import { startNodeProcess, type NodeProcess } from "@/test/support/node-process";
import {
  createElfProject,
  PROJECT_TEAMS,
  SERVICE_ROLE_KEY,
  type ElfProject,
} from "@/test/support/postgrest/elf-project";
import { HttpSession } from "@/test/support/http-session";
import { json, signedIn } from "@/test/http/support";
import { waitFor } from "./support";

let project: ElfProject;
let app: NodeProcess;
let admin: { email: string; password: string };
let client: ChatClient | undefined;

/** The value after `label` on the terminal banner (printed once, after the listening line). */
const bannerValue = (label: string) =>
  waitFor(
    async () =>
      app.logs.map((line) => new RegExp(`^\\s+${label}\\s+(\\S.*)$`).exec(line)?.[1]).find(Boolean),
    (value) => value !== undefined,
  ) as Promise<string>;

beforeAll(async () => {
  project = await createElfProject(inject("pgAdminUrl"));
  app = await startNodeProcess({
    args: ["dist/server/index.js"],
    env: {
      NODE_ENV: "production",
      SUPABASE_URL: project.rest.url,
      SUPABASE_KEY: SERVICE_ROLE_KEY,
      // Only so that parallel test files do not meet on the embedded server's default ports.
      PORT: "0",
      HOST: "127.0.0.1",
      EMBEDDED_PG_PORT: "0",
      LOG_LEVEL: "info",
    },
    listening: "listening",
    timeoutMs: 90_000,
  });
  admin = { email: await bannerValue("Email"), password: await bannerValue("Password") };
}, 120_000);
afterAll(async () => {
  client?.disconnect();
  await app?.stop();
  await project?.close();
});

const projectTeam = async (name: string) =>
  (
    await project.db.sql<{ id: string; enable_chat_interface: boolean }[]>`
      SELECT id::text, enable_chat_interface FROM teams WHERE name = ${name}`
  )[0]!;
const projectMessages = (sessionId: string) =>
  project.db.sql<{ role: string; content: string }[]>`
    SELECT role, content FROM team_chat_messages WHERE session_id = ${sessionId} ORDER BY created_at, id`;

async function send(text: string): Promise<void> {
  const reply = nextEvent(client!, "chat:message", (m) => m.role === "assistant");
  expect((await client!.emitWithAck("chat:send", { text })).ok).toBe(true);
  await reply;
}

describe("a Control Center started with only SUPABASE_URL and SUPABASE_KEY", () => {
  it("says which project and key it uses, prints a first admin, and never logs the key", async () => {
    const host = new URL(project.rest.url).host;
    expect(await bannerValue("Supabase project")).toBe(
      `${host} (service_role key from SUPABASE_KEY)`,
    );
    expect(app.logs.join("\n")).not.toContain(SERVICE_ROLE_KEY);
    expect(app.logs.join("\n")).toContain("organisation seed skipped");
    expect(admin.email).toContain("@");
  });

  it("shows the project's registry on /teams, never the demo seed", async () => {
    const session = await signedIn(app.url, admin);
    const listed = (await (await session.fetch("/api/teams")).json()) as { name: string }[];
    expect(listed.map((team) => team.name).sort()).toEqual(PROJECT_TEAMS);
    const page = await session.fetch("/teams");
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const name of ["Acme Board", "Acme Research", "Acme Lab"]) expect(html).toContain(name);
    expect(html).not.toContain("Executive Leadership Team");
    expect(html).not.toContain("executive-team");
  });

  it("writes an admin's enabling of chat to the project's row", async () => {
    const session = await signedIn(app.url, admin);
    expect((await projectTeam("acme-research-team")).enable_chat_interface).toBe(false);
    const response = await session.fetch(
      "/api/teams/acme-research-team",
      json("PATCH", { enable_chat_interface: true }),
    );
    expect(response.status).toBe(200);
    expect((await projectTeam("acme-research-team")).enable_chat_interface).toBe(true);
  });

  it("writes a chat, its confirmed plan and the audit to the project, losing nothing to a REST outage", async () => {
    const session = await signedIn(app.url, admin);
    const tokenReply = await session.fetch(
      "/api/chat/token",
      json("POST", { team: "acme-research-team" }),
    );
    expect(tokenReply.status).toBe(200);
    const { token } = (await tokenReply.json()) as { token: string };
    client = chatSocket(app.url, token);
    const ready = await nextEvent(client, "session:ready");
    const sessionId = ready.session.id;

    await send("Hello, research");
    await waitFor(
      () => projectMessages(sessionId),
      (rows) => rows.some((r) => r.content === "Hello, research"),
    );

    // The REST server stops mid-chat: the chat goes on, and the admin page says it is behind.
    await project.rest.stop();
    const preview = nextEvent(client, "delegation:preview");
    await send(
      "Launch a marketing campaign for our analytics product by end of next month. Success means at least 500 sign-ups in the first week.",
    );
    const plan: DelegationPlan = await preview;
    await send("Thank you");
    const behind = await (await session.fetch("/admin/teams")).text();
    expect(behind).toContain("not yet in the project");
    await project.rest.start();

    const confirmed = await client.emitWithAck("delegation:confirm", {
      plan_id: plan.id,
      version: plan.version,
    });
    expect(confirmed).toMatchObject({ ok: true, data: { created: true } });
    const taskId = confirmed.ok ? confirmed.data.task_id : "";

    const team = await projectTeam("acme-research-team");
    const delegations = await waitFor(
      () =>
        project.db.sql<{ from_team_id: string; spec: { task_id: string; title: string } }[]>`
          SELECT from_team_id::text, task_specification AS spec FROM team_chat_delegations
          WHERE session_id = ${sessionId}`,
      (rows) => rows.length === plan.subtasks.length,
      25_000,
    );
    for (const row of delegations)
      expect(row).toMatchObject({
        from_team_id: team.id,
        spec: { task_id: taskId, title: plan.title },
      });
    await waitFor(
      () =>
        project.db.sql`SELECT 1 FROM team_chat_sessions
          WHERE id = ${sessionId} AND delegated AND delegation_task_id = ${taskId}`,
      (rows) => rows.length === 1,
    );
    await waitFor(
      () =>
        project.db.sql`SELECT 1 FROM team_audit_log
          WHERE action = 'delegation_confirmed' AND details->>'task_id' = ${taskId}`,
      (rows) => rows.length === 1,
    );

    // Every message, in order, the ones written during the outage included.
    const rows = await waitFor(
      () => projectMessages(sessionId),
      (r) => r.filter((m) => m.role === "user").length === 3,
      25_000,
    );
    expect(rows.filter((r) => r.role === "user").map((r) => r.content)).toEqual([
      "Hello, research",
      expect.stringContaining("Launch a marketing campaign"),
      "Thank you",
    ]);
    expect(rows.filter((r) => r.role === "assistant").length).toBeGreaterThanOrEqual(3);
    await waitFor(
      async () => (await session.fetch("/admin/teams")).text(),
      (html) => html.includes("the project is up to date"),
      25_000,
    );
  }, 90_000);
});

describe("signed out", () => {
  it("shows nothing of the project", async () => {
    const response = await new HttpSession(app.url).fetch("/api/teams");
    expect(response.status).toBe(401);
  });
});
