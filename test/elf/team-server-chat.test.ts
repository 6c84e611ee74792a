// The standalone team server's WS /chat (elf-contract.md §3) and delegation confirm endpoint,
// spoken to with a raw `ws` client, as an ELF-side client would.
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { mintElfToken, startEchoTeamServer, type ServerProcess } from "./support";

type Frame = Record<string, unknown> & { type: string };

/** A socket whose frames are queued, so a test can await the next one without racing. */
class ChatClient {
  private readonly frames: Frame[] = [];
  private waiting: (() => void) | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.waiting?.();
    });
  }
  async next(): Promise<Frame> {
    while (this.frames.length === 0) await new Promise<void>((resolve) => (this.waiting = resolve));
    return this.frames.shift()!;
  }
  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }
  async closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) throw new Error("already closed");
    const [code] = (await once(this.ws, "close")) as [number];
    return code;
  }
}

let server: ServerProcess;
beforeAll(async () => {
  server = await startEchoTeamServer();
});
afterAll(async () => {
  await server?.stop();
});

const chatUrl = (token?: string) =>
  `ws://127.0.0.1:${server.port}/chat${token ? `?token=${token}` : ""}`;

async function connect(token: string): Promise<ChatClient> {
  const client = new ChatClient(new WebSocket(chatUrl(token)));
  await once(client.ws, "open");
  return client;
}

/** The HTTP status of a refused upgrade, and its {detail}. */
async function refusal(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; detail: string }> {
  const ws = new WebSocket(url, { headers });
  const [, res] = (await once(ws, "unexpected-response")) as [
    unknown,
    import("node:http").IncomingMessage,
  ];
  let body = "";
  for await (const chunk of res) body += String(chunk);
  ws.terminate();
  ws.on("error", () => {});
  return { status: res.statusCode ?? 0, detail: (JSON.parse(body) as { detail: string }).detail };
}

const confirm = (query: string, body?: unknown) =>
  fetch(`${server.url}/chat/delegation/confirm?${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("team server WS /chat: authentication", () => {
  it("refuses the handshake with 401 for an expired, forged or missing token", async () => {
    expect(await refusal(chatUrl(await mintElfToken({ ttlSeconds: -60 })))).toEqual({
      status: 401,
      detail: "The chat token has expired.",
    });
    const forged = await mintElfToken({ secret: "someone-elses-secret-0123456789abcdefghij" });
    expect(await refusal(chatUrl(forged))).toEqual({
      status: 401,
      detail: "The chat token is invalid.",
    });
    expect((await refusal(chatUrl())).status).toBe(401);
  });

  it("refuses the handshake with 403 for another team's token", async () => {
    const { status, detail } = await refusal(
      chatUrl(await mintElfToken({ team: "marketing-team" })),
    );
    expect(status).toBe(403);
    expect(detail).toMatch(/marketing-team/);
  });

  it("accepts an ELF token without aud, in the query or as a Bearer header, and greets", async () => {
    const client = await connect(await mintElfToken());
    const greeting = await client.next();
    expect(greeting).toEqual({
      type: "greeting",
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      message: expect.stringContaining("Chief Executive Officer"),
      manager: "Chief Executive Officer",
      team: "executive-team",
    });
    client.ws.close();

    const bearer = new ChatClient(
      new WebSocket(chatUrl(), { headers: { authorization: `Bearer ${await mintElfToken()}` } }),
    );
    expect((await bearer.next()).type).toBe("greeting");
    bearer.ws.close();
  });
});

describe("team server WS /chat: conversation", () => {
  it("answers a message with a thinking status, then one whole message frame", async () => {
    const client = await connect(await mintElfToken());
    const { session_id } = await client.next();
    client.send({ type: "message", message: "hello there", session_id, context: {} });
    expect(await client.next()).toEqual({ type: "status", status: "thinking" });
    expect(await client.next()).toEqual({
      type: "message",
      content: "echo: hello there",
      thinking_time: expect.any(Number),
      ready_to_delegate: false,
      metadata: { message_count: 3, total_tokens: 3 },
    });
    client.ws.close();
  });

  it("answers invalid frames with an error frame and keeps the session open", async () => {
    const client = await connect(await mintElfToken());
    await client.next();
    client.send("not json");
    expect(await client.next()).toMatchObject({
      type: "error",
      message: expect.stringMatching(/not JSON/),
    });
    client.send({ type: "message", message: "" });
    expect(await client.next()).toMatchObject({
      type: "error",
      message: expect.stringMatching(/empty/),
    });
    client.send({ type: "dance" });
    expect((await client.next()).type).toBe("error");
    client.send({ type: "message", message: "still here?" });
    expect((await client.next()).type).toBe("status");
    expect(await client.next()).toMatchObject({ type: "message", content: "echo: still here?" });
    client.ws.close();
  });

  it("sends a manager's reported failure as an error frame, and closes 1011 on an internal one", async () => {
    const client = await connect(await mintElfToken());
    await client.next();
    client.send({ type: "message", message: "fail please" });
    await client.next();
    expect(await client.next()).toEqual({
      type: "error",
      message: "the echo manager failed on purpose",
    });
    const closed = client.closed();
    client.send({ type: "message", message: "crash please" });
    expect(await closed).toBe(1011);
  });

  it("ends a session with a session_ended summary and close 1000", async () => {
    const client = await connect(await mintElfToken());
    const { session_id } = await client.next();
    const closed = client.closed();
    client.send({ type: "end_session" });
    expect(await client.next()).toEqual({
      type: "session_ended",
      summary: {
        session_id,
        duration_seconds: expect.any(Number),
        total_messages: 1,
        total_tokens: 0,
        delegation_created: false,
        end_reason: "user_ended",
      },
    });
    expect(await closed).toBe(1000);
  });
});

describe("team server delegation confirm", () => {
  async function sessionWithPlan(
    title: string,
  ): Promise<{ client: ChatClient; sessionId: string; delegation: Frame }> {
    const client = await connect(await mintElfToken());
    const sessionId = (await client.next()).session_id as string;
    client.send({ type: "message", message: `plan: ${title}`, session_id: sessionId });
    await client.next();
    expect(await client.next()).toMatchObject({ type: "message", ready_to_delegate: true });
    const preview = await client.next();
    expect(preview).toMatchObject({
      type: "delegation_preview",
      requires_confirmation: true,
      delegation: { title, priority: "high", session_id: sessionId },
    });
    return { client, sessionId, delegation: preview.delegation as Frame };
  }

  it("confirms the session's latest preview with the edits, once", async () => {
    const { client, sessionId, delegation } = await sessionWithPlan("Launch the beta");
    const response = await confirm(`session_id=${sessionId}&confirmed=true`, {
      priority: "urgent",
      constraints: ["no weekend work"],
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      status: "delegation_confirmed",
      task_id: expect.any(String),
      delegation: expect.objectContaining({
        ...delegation,
        priority: "urgent",
        constraints: ["no weekend work"],
        updated_at: expect.any(String),
      }),
    });
    const again = await (await confirm(`session_id=${sessionId}&confirmed=true`, {})).json();
    expect(again.task_id).toBe(body.task_id);
    client.ws.close();
  });

  it("cancels, and refuses unknown sessions, sessions without a plan and bad input", async () => {
    const { client, sessionId } = await sessionWithPlan("Hire a designer");
    expect(await (await confirm(`session_id=${sessionId}&confirmed=false`, {})).json()).toEqual({
      status: "delegation_cancelled",
    });
    const noPlan = await confirm(`session_id=${sessionId}&confirmed=true`, {});
    expect(noPlan.status).toBe(404);
    expect((await noPlan.json()).detail).toMatch(/no delegation preview/);
    client.ws.close();

    const unknown = await confirm(
      `session_id=00000000-0000-0000-0000-000000000000&confirmed=true`,
      {},
    );
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).detail).toMatch(/not known/);
    expect((await confirm("confirmed=true", {})).status).toBe(422);
    expect((await confirm(`session_id=${sessionId}&confirmed=maybe`, {})).status).toBe(422);

    const other = await sessionWithPlan("Open an office");
    const badEdit = await confirm(`session_id=${other.sessionId}&confirmed=true`, {
      priority: "whenever",
    });
    expect(badEdit.status).toBe(422);
    expect((await badEdit.json()).detail).toMatch(/priority/);
    other.client.ws.close();
  });
});

describe("team server shutdown", () => {
  it("closes chat sockets with 1001 and exits 0 on SIGTERM", async () => {
    const own = await startEchoTeamServer();
    const client = new ChatClient(
      new WebSocket(`ws://127.0.0.1:${own.port}/chat?token=${await mintElfToken()}`),
    );
    await client.next();
    const closed = client.closed();
    expect(await own.stop("SIGTERM")).toBe(0);
    expect(await closed).toBe(1001);
  });
});
