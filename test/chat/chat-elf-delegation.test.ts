// Plans proposed by an ELF team server (a separate process running `npm run team-server`'s code)
// are confirmed or cancelled through that server's POST /chat/delegation/confirm, with the user's
// edits as the modifications, and recorded here as well; a team server that cannot take the
// answer leaves the plan confirmable, or — once it has forgotten the session — is recorded honestly.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DelegationPlan } from "@/lib/protocol";
import { startServerProcess, type ServerProcess } from "@/test/elf/support";
import { nextEvent, type ChatClient, type ChatHarness } from "@/test/support/chat-harness";
import { startChatHarnessServedBy, startExecutiveTeamServer } from "./elf-team-server";

const BROKEN = path.resolve(import.meta.dirname, "../elf/fixtures/broken-confirm-server.ts");

let teamServer: ServerProcess;
let harness: ChatHarness;

beforeAll(async () => {
  teamServer = await startExecutiveTeamServer();
  harness = await startChatHarnessServedBy(teamServer);
});
afterAll(async () => {
  await harness?.close();
  await teamServer?.stop();
});

async function previewFromTeamServer(): Promise<{ client: ChatClient; plan: DelegationPlan }> {
  const user = await harness.createUser("user");
  const { client } = await harness.connect(await harness.token(user, "executive-team"));
  const preview = nextEvent(client, "delegation:preview");
  const text =
    "Launch a marketing campaign for our analytics product by end of next month. Success means at least 500 sign-ups in the first week.";
  expect((await client.emitWithAck("chat:send", { text })).ok).toBe(true);
  return { client, plan: await preview };
}

const draftOf = ({
  id: _i,
  version: _v,
  status: _s,
  session_id: _se,
  user_id: _u,
  team: _t,
  source: _so,
  created_at: _c,
  updated_at: _up,
  ...draft
}: DelegationPlan) => draft;

async function originOf(planId: string): Promise<{ url: string; session_id: string }> {
  const [row] = await harness.db.sql<
    { origin: { url: string; session_id: string } }[]
  >`SELECT origin FROM cc_delegation_plans WHERE id = ${planId}`;
  return row!.origin;
}

async function auditOf(
  planId: string,
  action: string,
): Promise<Record<string, unknown> | undefined> {
  const [row] = await harness.db.sql<{ details: Record<string, unknown> }[]>`
    SELECT details FROM team_audit_log WHERE action = ${action} AND details->>'plan_id' = ${planId}`;
  return row?.details;
}

/** Asks the team server itself, as ELF tools would, what it holds for the session. */
async function askTeamServer(
  sessionId: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(
    `${teamServer.url}/chat/delegation/confirm?session_id=${sessionId}&confirmed=true`,
    { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A team server that answers every confirmation with `answer` ("500" or "garbage"). */
const brokenServer = (answer: string) => (port: number) =>
  startServerProcess(BROKEN, ["--answer", answer, "--port", String(port)]);

/** Replaces the team server with the one `start` starts on the same port. */
async function restartAs(start: (port: number) => Promise<ServerProcess>) {
  const { port } = teamServer;
  await teamServer.stop();
  teamServer = await start(port);
}

describe("plans proposed by an ELF team server", () => {
  it("confirms through the team server with the user's edits as modifications, and records its task", async () => {
    const { client, plan } = await previewFromTeamServer();
    const origin = await originOf(plan.id);
    expect(origin.url).toBe(teamServer.url);

    const draft = { ...draftOf(plan), title: "Analytics launch, edited" };
    draft.subtasks = draft.subtasks.map((s, i) => (i === 0 ? { ...s, team: "finance-team" } : s));
    const edited = await client.emitWithAck("delegation:update", {
      plan_id: plan.id,
      version: 1,
      draft,
    });
    expect(edited).toMatchObject({ ok: true, data: { version: 2 } });
    const confirmed = await client.emitWithAck("delegation:confirm", {
      plan_id: plan.id,
      version: 2,
    });
    expect(confirmed).toMatchObject({ ok: true, data: { created: true } });
    if (!confirmed.ok) return;

    const audit = await auditOf(plan.id, "delegation_confirmed");
    expect(audit).toMatchObject({
      version: 2,
      task_id: confirmed.data.task_id,
      team_server: {
        url: teamServer.url,
        session_id: origin.session_id,
        answer: "confirmed",
        task_id: expect.any(String),
      },
    });
    const teamServerRecord = audit!.team_server as { modified: string[]; task_id: string };
    expect(teamServerRecord.modified).toEqual(expect.arrayContaining(["title", "suggested_teams"]));
    // The team server merged the edits into its plan and queued it once: a repeat names the same task.
    const held = await askTeamServer(origin.session_id);
    expect(held).toMatchObject({
      status: 200,
      body: {
        status: "delegation_confirmed",
        task_id: teamServerRecord.task_id,
        delegation: {
          title: "Analytics launch, edited",
          suggested_teams: expect.arrayContaining(["finance-team"]),
        },
      },
    });
    const [event] = await harness.db
      .sql`SELECT detail FROM cc_task_events WHERE task_id = ${confirmed.data.task_id} AND kind = 'team_server_answered'`;
    expect(event!.detail).toMatchObject({ answer: "confirmed", task_id: teamServerRecord.task_id });
    // The team server's manager now delegates the work, as ELF does: nothing is dispatched from here too.
    const subtasks = await harness.db.sql<{ id: string; status: string; result: string }[]>`
      SELECT id::text, status, result FROM cc_subtasks WHERE task_id = ${confirmed.data.task_id}`;
    expect(subtasks.length).toBeGreaterThan(0);
    for (const subtask of subtasks) {
      expect(subtask).toMatchObject({
        status: "dispatched",
        result: expect.stringContaining(
          `Handed to the team server at ${teamServer.url} with the confirmation (its task ${teamServerRecord.task_id})`,
        ),
      });
    }
    const jobs = await harness.db
      .sql`SELECT 1 FROM pgboss.job WHERE singleton_key IN ${harness.db.sql(subtasks.map((s) => s.id))}`;
    expect(jobs).toHaveLength(0);
  });

  it("cancels through the team server, which then has no plan left to confirm", async () => {
    const { client, plan } = await previewFromTeamServer();
    const origin = await originOf(plan.id);
    expect(await client.emitWithAck("delegation:cancel", { plan_id: plan.id })).toMatchObject({
      ok: true,
      data: { status: "cancelled" },
    });
    expect(await auditOf(plan.id, "delegation_cancelled")).toMatchObject({
      team_server: { session_id: origin.session_id, answer: "cancelled" },
    });
    expect(await askTeamServer(origin.session_id)).toMatchObject({
      status: 404,
      body: { detail: expect.stringMatching(/has no delegation preview to confirm/) },
    });
  });

  it("keeps the plan confirmable while the team server is down, failing or answering garbage, then records its refusal honestly", async () => {
    const { client, plan } = await previewFromTeamServer();
    const confirm = () =>
      client.emitWithAck("delegation:confirm", { plan_id: plan.id, version: 1 });
    const planStatus = async () =>
      (await harness.db.sql`SELECT status FROM cc_delegation_plans WHERE id = ${plan.id}`)[0]!
        .status;

    const { port } = teamServer;
    await teamServer.stop();
    expect(await confirm()).toMatchObject({
      ok: false,
      error: {
        code: "team_server_failed",
        message: expect.stringMatching(
          /not reachable: ECONNREFUSED\). Nothing was confirmed or dispatched/,
        ),
      },
    });
    teamServer = await brokenServer("500")(port);
    expect(await confirm()).toMatchObject({
      ok: false,
      error: {
        code: "team_server_failed",
        message: expect.stringContaining("(HTTP 500: crew exploded)"),
      },
    });
    await restartAs(brokenServer("garbage"));
    expect(await confirm()).toMatchObject({
      ok: false,
      error: {
        code: "team_server_failed",
        message: expect.stringContaining("an answer that is not JSON"),
      },
    });
    expect(await planStatus()).toBe("proposed");
    expect(
      (await harness.db.sql`SELECT count(*)::int AS n FROM cc_tasks WHERE plan_id = ${plan.id}`)[0]!
        .n,
    ).toBe(0);

    // Back, but restarted: it forgot the session and will never take this confirmation.
    await restartAs((port) => startExecutiveTeamServer({ port }));
    const confirmed = await confirm();
    expect(confirmed).toMatchObject({ ok: true, data: { created: true } });
    expect(await planStatus()).toBe("confirmed");
    expect(await auditOf(plan.id, "delegation_confirmed")).toMatchObject({
      team_server: {
        answer: "refused",
        reason: expect.stringMatching(
          /^HTTP 404: Chat session .* is not known to this team server\.$/,
        ),
      },
    });
  });
});
