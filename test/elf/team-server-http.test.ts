// The standalone team server's HTTP side (elf-contract.md §2), as a separate process: the real
// CLI with an echo manager standing in for the team's manager.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, startEchoTeamServer, startServerProcess, type ServerProcess } from "./support";

let server: ServerProcess;
let offline: ServerProcess;

beforeAll(async () => {
  [server, offline] = await Promise.all([
    startEchoTeamServer(),
    startEchoTeamServer({ team: "marketing-team", kind: "offline" }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), offline?.stop()]);
});

const postTask = (target: ServerProcess, body: unknown) =>
  fetch(`${target.url}/task`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const TASK = {
  from_agent: "control-center",
  to_agent: "executive-team",
  task_type: "delegated_from_chat",
  task_description: "Draft the Q3 plan",
  context: { plan_id: "p-1" },
  timeout: 30,
};

describe("team server HTTP", () => {
  it("reports health, capabilities and status in ELF's shapes", async () => {
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health).toEqual({
      status: "healthy",
      team_name: "executive-team",
      framework: "CrewAI",
      department: "executive",
      timestamp: expect.any(String),
      agents: expect.arrayContaining(["Chief Executive Officer", "Chief Technology Officer"]),
      chat_enabled: true,
    });
    expect(Number.isNaN(Date.parse(health.timestamp))).toBe(false);

    const capabilities = await (await fetch(`${server.url}/capabilities`)).json();
    expect(capabilities).toMatchObject({
      team_name: "executive-team",
      department: "executive",
      framework: "CrewAI",
      chat_enabled: true,
    });
    expect(capabilities.purpose).toMatch(/strategy/);
    expect(capabilities.agents).toContainEqual({
      role: "Chief Executive Officer",
      is_manager: true,
    });
    expect(capabilities.agents).toContainEqual({
      role: "Chief Financial Officer",
      is_manager: false,
    });
    expect(capabilities.capabilities).toContain("strategy");

    const status = await (await fetch(`${server.url}/status`)).json();
    expect(status).toEqual({
      status: "operational",
      team_name: "executive-team",
      active_tasks: expect.any(Number),
      last_activity: expect.any(String),
      agents_status: expect.objectContaining({
        "Chief Executive Officer": "ready",
        "Chief Marketing Officer": "ready",
      }),
    });
  });

  it("runs a task through a working manager and echoes ELF's response shape", async () => {
    const response = await postTask(server, TASK);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      request_id: expect.any(String),
      from_agent: "control-center",
      to_agent: "executive-team",
      status: "completed",
      result: expect.stringContaining("Draft the Q3 plan"),
      context: { plan_id: "p-1" },
    });
  });

  it("queues a task honestly when the manager is the offline planner", async () => {
    const before = (await (await fetch(`${offline.url}/status`)).json()).active_tasks as number;
    const response = await postTask(offline, { ...TASK, to_agent: "marketing-team" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("queued");
    expect(body.result).toMatch(/queued/i);
    expect(body.result).toMatch(/no result yet/);
    const after = (await (await fetch(`${offline.url}/status`)).json()).active_tasks as number;
    expect(after).toBe(before + 1);
  });

  it("refuses bad task bodies with FastAPI's {detail}", async () => {
    const notJson = await postTask(server, "{nope");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ detail: expect.stringMatching(/JSON/) });

    const missing = await postTask(server, { from_agent: "x" });
    expect(missing.status).toBe(422);
    expect((await missing.json()).detail).toMatch(/task_description/);

    const wrongType = await postTask(server, { ...TASK, timeout: "soon" });
    expect(wrongType.status).toBe(422);
    expect((await wrongType.json()).detail).toMatch(/timeout/);

    const empty = await postTask(server, "");
    expect(empty.status).toBe(422);
  });

  it("reports a manager failure as HTTP 500 {detail}", async () => {
    const response = await postTask(server, { ...TASK, task_description: "fail at once" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ detail: "the echo manager failed on purpose" });
  });

  it("answers unknown paths and wrong methods like FastAPI", async () => {
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: "Not Found" });
    const wrongMethod = await fetch(`${server.url}/task`);
    expect(wrongMethod.status).toBe(405);
  });

  it("refuses to start for a team that is not in the organisation", async () => {
    const start = startServerProcess(path.join(FIXTURES, "echo-team-server.ts"), [
      "--team",
      "no-such-team",
      "--port",
      "0",
    ]);
    await expect(start).rejects.toThrow(/Unknown team "no-such-team". Known teams: executive-team/);
  });
});
