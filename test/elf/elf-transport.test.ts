// The ELF transport (server/managers/elf) against the standalone team server, started as a
// separate process: greeting, replies, refusals, previews, stop, and a crash with a comeback.
import getPort from "get-port";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElfManager, type ElfPreview } from "@/server/managers/elf";
import { ManagerUnavailableError, type ManagerEvent } from "@/server/managers/types";
import {
  SECRET,
  collect,
  sessionContext,
  startEchoTeamServer,
  userSays,
  type ServerProcess,
} from "./support";

let server: ServerProcess;
beforeAll(async () => {
  server = await startEchoTeamServer();
});
afterAll(async () => {
  await server?.stop();
});

const managerFor = (url: string, overrides: { secret?: string } = {}) =>
  createElfManager({
    baseUrl: url,
    secret: overrides.secret ?? SECRET,
    tokenTtlSeconds: 300,
    logger: pino({ level: "warn" }),
    connectTimeoutMs: 5_000,
    replyTimeoutMs: 5_000,
  });

const never = () => new AbortController().signal;

describe("ELF transport against the team server", () => {
  it("opens with the manager's greeting and answers a message", async () => {
    const manager = managerFor(server.url);
    expect(manager.kind).toBe("elf");
    expect(manager.label).toBe(`ELF team server at ${server.url}`);
    const connection = await manager.open(sessionContext());
    expect(await connection.greeting()).toMatch(
      /Chief Executive Officer of Executive Leadership Team/,
    );
    expect(connection.upstreamSessionId).toMatch(/^[0-9a-f-]{36}$/);

    const events = await collect(connection.reply(userSays("plan the offsite"), never()));
    expect(events).toEqual([
      { type: "thinking" },
      {
        type: "done",
        content: "echo: plan the offsite",
        tokens: 4,
        metadata: { ready_to_delegate: false, thinking_time: expect.any(Number) },
      },
    ]);
    const second = await collect(
      connection.reply(
        [
          ...userSays("plan the offsite"),
          { role: "assistant", content: "…" },
          ...userSays("and the budget"),
        ],
        never(),
      ),
    );
    // ELF reports a running total: each reply carries only its own share.
    expect(second.at(-1)).toMatchObject({
      type: "done",
      content: "echo: and the budget",
      tokens: 4,
    });
    await connection.close();
    expect(connection.isClosed).toBe(true);
  });

  it("explains refusals: a wrong key, a team the server does not serve, nothing listening", async () => {
    const forged = managerFor(server.url, { secret: "not-the-shared-secret-0123456789abcdefgh" });
    await expect(forged.open(sessionContext())).rejects.toThrow(
      new ManagerUnavailableError(
        "the team server refused the connection: The chat token is invalid.",
      ),
    );
    await expect(managerFor(server.url).open(sessionContext("finance-team"))).rejects.toThrow(
      /^the team server refused the connection: The chat token is for finance-team, not executive-team\.$/,
    );
    const nowhere = `http://127.0.0.1:${await getPort()}`;
    await expect(managerFor(nowhere).open(sessionContext())).rejects.toThrow(
      new ManagerUnavailableError(`the team server at ${nowhere} is not reachable`),
    );
  });

  it("turns a manager's reported failure into ManagerUnavailableError and keeps the session", async () => {
    const connection = await managerFor(server.url).open(sessionContext());
    const failing = collect(connection.reply(userSays("fail now"), never()));
    await expect(failing).rejects.toBeInstanceOf(ManagerUnavailableError);
    await expect(failing).rejects.toThrow(
      "the team manager reported an error: the echo manager failed on purpose",
    );
    expect((await collect(connection.reply(userSays("ok"), never()))).at(-1)).toMatchObject({
      content: "echo: ok",
    });
    await connection.close();
  });

  it("keeps the latest preview and counts a re-sent, unchanged plan once", async () => {
    const connection = await managerFor(server.url).open(sessionContext());
    const seen: ElfPreview[] = [];
    connection.onPreview((preview) => seen.push(preview));
    const done = (events: ManagerEvent[]) => events.find((e) => e.type === "done");

    expect(
      done(await collect(connection.reply(userSays("plan: Launch the beta"), never()))),
    ).toMatchObject({ metadata: { ready_to_delegate: true } });
    // The preview frame follows the message frame; the next reply proves it was read.
    await collect(connection.reply(userSays("plan: Launch the beta"), never()));
    await collect(connection.reply(userSays("any news?"), never()));
    expect(seen.map((p) => p.version)).toEqual([1]);
    expect(connection.latestPreview()).toMatchObject({
      version: 1,
      session_id: connection.upstreamSessionId,
      requires_confirmation: true,
      delegation: {
        title: "Launch the beta",
        priority: "high",
        suggested_teams: expect.arrayContaining(["engineering-team"]),
      },
    });

    await collect(connection.reply(userSays("plan: Launch the beta in May"), never()));
    await collect(connection.reply(userSays("thanks"), never()));
    expect(seen.map((p) => [p.version, p.delegation.title])).toEqual([
      [1, "Launch the beta"],
      [2, "Launch the beta in May"],
    ]);
    await connection.close();
  });

  it("stops waiting on abort, and never mistakes the late reply for the next one", async () => {
    const connection = await managerFor(server.url).open(sessionContext());
    const stop = new AbortController();
    const events: ManagerEvent[] = [];
    for await (const event of connection.reply(userSays("slow one"), stop.signal)) {
      events.push(event);
      if (event.type === "thinking") stop.abort();
    }
    expect(events).toEqual([{ type: "thinking" }]);
    const next = await collect(connection.reply(userSays("fast one"), never()));
    expect(next.filter((e) => e.type === "done")).toEqual([
      expect.objectContaining({ content: "echo: fast one" }),
    ]);
    await connection.close();
  });

  it("fails a reply when the server dies mid-reply, then recovers on the same connection once it is back", async () => {
    const own = await startEchoTeamServer();
    const connection = await managerFor(own.url).open(sessionContext());
    const greetingBefore = await connection.greeting();
    const sessionBefore = connection.upstreamSessionId;

    const reply = connection.reply(userSays("hang on"), never())[Symbol.asyncIterator]();
    expect((await reply.next()).value).toEqual({ type: "thinking" });
    await own.stop("SIGKILL");
    await expect(reply.next()).rejects.toThrow(
      new ManagerUnavailableError("the team server closed the chat unexpectedly"),
    );

    await expect(collect(connection.reply(userSays("anyone?"), never()))).rejects.toThrow(
      new ManagerUnavailableError(`the team server at ${own.url} is not reachable`),
    );

    const revived = await startEchoTeamServer({ port: own.port });
    try {
      const events = await collect(connection.reply(userSays("back again"), never()));
      // A fresh ELF session under the same connection; its greeting is not replayed as a reply.
      expect(events).toEqual([
        { type: "thinking" },
        expect.objectContaining({ type: "done", content: "echo: back again" }),
      ]);
      expect(connection.upstreamSessionId).not.toBe(sessionBefore);
      expect(await connection.greeting()).toBe(greetingBefore);
      await connection.close();
    } finally {
      await revived.stop();
    }
  });
});
