// The real entry point (server/team-server/main.ts) with the built-in manager — the offline
// planner, since the test environment configures no model — reached through the ELF transport.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElfManager, isElfConnection } from "@/server/managers/elf";
import {
  SECRET,
  collect,
  sessionContext,
  startTeamServer,
  userSays,
  type ServerProcess,
} from "./support";

let server: ServerProcess;
beforeAll(async () => {
  server = await startTeamServer({ team: "executive-team" });
});
afterAll(async () => {
  await server?.stop();
});

describe("npm run team-server (main.ts)", () => {
  it("serves the team's offline planner over WS /chat", async () => {
    const manager = createElfManager({
      baseUrl: server.url,
      secret: SECRET,
      tokenTtlSeconds: 300,
      logger: pino({ level: "warn" }),
    });
    const connection = await manager.open(sessionContext());
    expect(await connection.greeting()).toMatch(/offline planner/i);
    const events = await collect(
      connection.reply(
        userSays("Launch the new mobile app with a marketing campaign"),
        new AbortController().signal,
      ),
    );
    expect(events[0]).toEqual({ type: "thinking" });
    const done = events.at(-1);
    expect(done).toMatchObject({ type: "done", content: expect.stringMatching(/mobile app/i) });
    // The whole reply comes once, as the finished message: no delta repeats it.
    expect(events.filter((e) => e.type === "delta")).toHaveLength(0);
    await connection.close();
  });

  it("offers the offline planner's plan as ELF's delegation_preview once it is ready", async () => {
    const manager = createElfManager({
      baseUrl: server.url,
      secret: SECRET,
      tokenTtlSeconds: 300,
      logger: pino({ level: "warn" }),
    });
    const connection = await manager.open(sessionContext());
    if (!isElfConnection(connection)) throw new Error("not an ELF connection");
    await connection.greeting();
    const preview = new Promise((resolve) => connection.onPreview(resolve));
    const request =
      "Launch a marketing campaign for our analytics product by end of next month. Success means 500 sign-ups.";
    const events = await collect(connection.reply(userSays(request), new AbortController().signal));
    expect(events.at(-1)).toMatchObject({ type: "done", metadata: { ready_to_delegate: true } });
    expect(await preview).toMatchObject({
      delegation: { title: expect.any(String), priority: "normal" },
      version: 1,
    });
    await connection.close();
  });

  it("accepts and queues a task instead of inventing a result", async () => {
    const response = await fetch(`${server.url}/task`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        from_agent: "control-center",
        to_agent: "executive-team",
        task_type: "delegated_from_chat",
        task_description: "Plan Q3",
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "queued",
      result: expect.stringMatching(/no result yet/),
      context: {},
    });
  });
});
