// The ELF transport against a deliberately misbehaving team server (fixtures/misbehaving-server.ts,
// its own process): garbage frames are never a crash and never silent — each is logged with what
// was sent, counted, and the chat is told (one notice per burst); crashes, refusals, silence and
// errors become ManagerUnavailableError with a reason a user understands.
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createElfManager } from "@/server/managers/elf";
import { unreadableFrames } from "@/server/metrics/registry";
import { ManagerUnavailableError } from "@/server/managers/types";
import {
  SECRET,
  collect,
  mintElfToken,
  sessionContext,
  startMisbehavingServer,
  userSays,
  type ServerProcess,
} from "./support";

let fake: ServerProcess;
beforeAll(async () => {
  fake = await startMisbehavingServer();
});
afterAll(async () => {
  await fake?.stop();
});

function managerAt(
  mode: string,
  timeouts: { connectTimeoutMs?: number; replyTimeoutMs?: number } = {},
) {
  const lines: { msg: string; reason?: string; frame?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as { msg: string; reason?: string; frame?: string });
      callback();
    },
  });
  const manager = createElfManager({
    baseUrl: `${fake.url}/${mode}`,
    secret: SECRET,
    tokenTtlSeconds: 300,
    logger: pino({ level: "debug" }, sink),
    connectTimeoutMs: timeouts.connectTimeoutMs ?? 5_000,
    replyTimeoutMs: timeouts.replyTimeoutMs ?? 5_000,
  });
  return {
    manager,
    skipped: () =>
      lines.filter((l) => l.msg === "the team server sent a frame that could not be used"),
  };
}

const never = () => new AbortController().signal;
const unreadableCount = async () => (await unreadableFrames.get()).values[0]?.value ?? 0;

describe("ELF transport against a misbehaving server", () => {
  it("skips garbage around the greeting and the reply, and logs each skipped frame", async () => {
    const { manager, skipped } = managerAt("garbage");
    const notices: string[] = [];
    const counted = await unreadableCount();
    const connection = await manager.open({
      ...sessionContext(),
      notice: (message) => notices.push(message),
    });
    expect(await connection.greeting()).toBe("Hello from a flaky server");
    const events = await collect(connection.reply(userSays("hi"), never()));
    expect(events).toEqual([
      { type: "thinking" },
      {
        type: "done",
        content: "flaky: hi",
        tokens: 10,
        metadata: { ready_to_delegate: false, thinking_time: 0.1 },
      },
    ]);
    expect(skipped().length).toBeGreaterThanOrEqual(9 * 3);
    expect(skipped().map((l) => l.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^not JSON/),
        expect.stringMatching(/^binary frame/),
      ]),
    );
    // The log names what was sent; the counter counts every one; the chat hears of the burst once.
    expect(skipped().map((l) => l.frame)).toContain("this is not JSON {");
    expect((await unreadableCount()) - counted).toBe(skipped().length);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^The team server sent a frame that could not be used: not JSON/);
    expect(notices[0]).toContain("It sent: this is not JSON {");
    expect(connection.latestPreview()).toBeNull();
    // Malformed bookkeeping fields are dropped; the answer itself still reaches the user.
    expect((await collect(connection.reply(userSays("badmeta"), never()))).at(-1)).toEqual({
      type: "done",
      content: "flaky: badmeta",
      metadata: { ready_to_delegate: false, thinking_time: null },
    });
    await connection.close();
  });

  it("gives up with ManagerUnavailableError when only garbage arrives", async () => {
    const { manager } = managerAt("garbage", { replyTimeoutMs: 400 });
    const connection = await manager.open(sessionContext());
    await expect(collect(connection.reply(userSays("silence"), never()))).rejects.toThrow(
      new ManagerUnavailableError("the team server did not answer within 0.4 s"),
    );
    await connection.close();
  });

  it("reports a close 1011 mid-reply as an unexpected close", async () => {
    const { manager } = managerAt("garbage");
    const connection = await manager.open(sessionContext());
    const reply = connection.reply(userSays("crash"), never())[Symbol.asyncIterator]();
    expect((await reply.next()).value).toEqual({ type: "thinking" });
    await expect(reply.next()).rejects.toThrow(
      new ManagerUnavailableError("the team server closed the chat unexpectedly"),
    );
    // The next reply reconnects transparently.
    expect((await collect(connection.reply(userSays("again"), never()))).at(-1)).toMatchObject({
      content: "flaky: again",
    });
    await connection.close();
  });

  it("reports ELF's error frame, and a session ended by the server", async () => {
    const { manager } = managerAt("garbage");
    const connection = await manager.open(sessionContext());
    await expect(collect(connection.reply(userSays("error"), never()))).rejects.toThrow(
      new ManagerUnavailableError("the team manager reported an error: crew exploded"),
    );
    await expect(collect(connection.reply(userSays("end"), never()))).rejects.toThrow(
      new ManagerUnavailableError("the team server ended the chat session"),
    );
    expect(connection.isClosed).toBe(true);
    await expect(collect(connection.reply(userSays("hello?"), never()))).rejects.toThrow(
      "the team server ended the chat session",
    );
  });

  it("reports a close 1008 as a refusal and a silent server as unreachable", async () => {
    await expect(managerAt("refuse").manager.open(sessionContext())).rejects.toThrow(
      new ManagerUnavailableError(
        "the team server refused the connection: token rejected by policy",
      ),
    );
    const mute = managerAt("mute", { connectTimeoutMs: 300 });
    await expect(mute.manager.open(sessionContext())).rejects.toThrow(
      new ManagerUnavailableError(`the team server at ${fake.url}/mute is not reachable`),
    );
  });

  it("mints ELF-shaped tokens, and reports a refused handshake without a body by its HTTP status", async () => {
    // The fake checks tokens as ELF's PyJWT does: a token carrying `aud` is refused…
    const withAudience = new WebSocket(
      `ws://127.0.0.1:${fake.port}/garbage/chat?token=${await mintElfToken({ for: "control-center" })}`,
    );
    withAudience.on("error", () => {});
    const [, res] = (await once(withAudience, "unexpected-response")) as [unknown, IncomingMessage];
    expect(res.statusCode).toBe(403);
    withAudience.terminate();
    // …and the transport's own tokens are not.
    await (await managerAt("garbage").manager.open(sessionContext())).close();

    const wrongKey = createElfManager({
      baseUrl: `${fake.url}/garbage`,
      secret: "x".repeat(40),
      tokenTtlSeconds: 300,
      logger: pino({ level: "silent" }),
    });
    await expect(wrongKey.open(sessionContext())).rejects.toThrow(
      new ManagerUnavailableError("the team server refused the connection: HTTP 403 Forbidden"),
    );
  });
});
