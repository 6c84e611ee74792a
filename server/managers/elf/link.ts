// One WebSocket to an ELF team server: waits for the greeting, parses every frame (what cannot be
// read is handed to onUnreadable, never thrown), and turns refusals, drops and timeouts into
// reasons a user understands.
import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import WebSocket, { type RawData } from "ws";
import { z } from "zod";
import { ManagerUnavailableError } from "../types";
import { parseFrame, serverFrameSchema, type ServerFrame } from "./frames";

export type ReplyFrame = Extract<ServerFrame, { type: "status" | "message" | "error" }>;
type GreetingFrame = Extract<ServerFrame, { type: "greeting" }>;
/** Frames that are not part of one reply: previews and the end of the session. */
export type SideFrame = Extract<ServerFrame, { type: "delegation_preview" | "session_ended" }>;

export type LinkEvent =
  | { kind: "frame"; frame: ReplyFrame }
  | { kind: "closed"; error: ManagerUnavailableError }
  | { kind: "aborted" }
  | { kind: "timeout" };

export interface LinkOptions {
  baseUrl: string;
  token: string;
  connectTimeoutMs: number;
  logger: Logger;
  onSideFrame(frame: SideFrame, sessionId: string): void;
  /** A frame that could not be read: `text` is what was sent, `reason` what is wrong with it. */
  onUnreadable(text: string, reason: string, sessionId: string): void;
}

const MAX_FRAME_BYTES = 1024 * 1024;
// A server that floods us between replies must not grow memory without bound.
const MAX_BUFFERED_FRAMES = 100;
const refusalBodySchema = z.object({ detail: z.string().min(1) });

export function chatUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/chat`;
  url.search = new URLSearchParams({ token }).toString();
  url.hash = "";
  return url.toString();
}

export const refusedError = (reason: string) =>
  new ManagerUnavailableError(`the team server refused the connection: ${reason}`);
export const unreachableError = (baseUrl: string, cause?: unknown) =>
  new ManagerUnavailableError(`the team server at ${baseUrl} is not reachable`, { cause });
export const droppedError = () =>
  new ManagerUnavailableError("the team server closed the chat unexpectedly");

export async function openUpstreamLink(options: LinkOptions): Promise<UpstreamLink> {
  const ws = new WebSocket(chatUrl(options.baseUrl, options.token), {
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  const link = new UpstreamLink(ws, options);
  const timer = setTimeout(
    () => link.abandon(unreachableError(options.baseUrl)),
    options.connectTimeoutMs,
  );
  try {
    await link.greeted;
    return link;
  } catch (error) {
    link.abandon(error as ManagerUnavailableError);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export class UpstreamLink {
  /** Messages sent and replies (message or error frames) consumed, to recognise late replies. */
  sent = 0;
  answered = 0;
  /** ELF's running total_tokens for this session, to report each reply's share. */
  totalTokens = 0;
  readonly greeted: Promise<GreetingFrame>;
  private greeting: GreetingFrame | null = null;
  private settleGreeting!: { resolve(frame: GreetingFrame): void; reject(error: unknown): void };
  private readonly inbox: ReplyFrame[] = [];
  private wake: (() => void) | null = null;
  private failure: ManagerUnavailableError | null = null;
  private opened = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: LinkOptions,
  ) {
    this.greeted = new Promise((resolve, reject) => (this.settleGreeting = { resolve, reject }));
    this.greeted.catch(() => {});
    ws.on("open", () => (this.opened = true));
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("unexpected-response", (_req, res) => this.refuse(res));
    ws.on("error", (error) =>
      this.fail(this.opened ? droppedError() : unreachableError(options.baseUrl, error)),
    );
    ws.on("close", (code, reason) => {
      const text = reason.toString("utf8");
      this.fail(code === 1008 ? refusedError(text || "policy violation") : droppedError());
    });
  }

  get sessionId(): string {
    return this.greeting?.session_id ?? "";
  }

  get greetingMessage(): string {
    return this.greeting?.message ?? "";
  }

  get isOpen(): boolean {
    return this.failure === null && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a user message (with ELF's `context`, empty unless handing a conversation over); returns its turn number. */
  sendMessage(message: string, context: Record<string, unknown> = {}): number {
    this.ws.send(
      JSON.stringify({ type: "message", message, session_id: this.sessionId, context }),
      () => {},
    );
    this.sent += 1;
    return this.sent;
  }

  /** The next reply frame, or why there is none. */
  async next(signal: AbortSignal, deadline: number): Promise<LinkEvent> {
    for (;;) {
      if (signal.aborted) return { kind: "aborted" };
      const frame = this.inbox.shift();
      if (frame) return { kind: "frame", frame };
      if (this.failure) return { kind: "closed", error: this.failure };
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { kind: "timeout" };
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, remaining);
        signal.addEventListener("abort", done, { once: true });
        this.wake = done;
      });
    }
  }

  /** Ends the ELF session best-effort and waits (briefly) for the socket to close. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once("close", () => resolve()));
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "end_session" }), () => {});
      this.ws.close(1000, "session ended");
    } else {
      this.ws.terminate();
    }
    const timer = setTimeout(() => this.ws.terminate(), 1_000);
    await closed;
    clearTimeout(timer);
  }

  /** Gives up on this socket with the given reason. */
  abandon(error: ManagerUnavailableError): void {
    this.fail(error);
    this.ws.terminate();
  }

  private receive(data: RawData, isBinary: boolean): void {
    const parsed = parseFrame(serverFrameSchema, data, isBinary);
    if (!parsed.ok) return this.options.onUnreadable(parsed.text, parsed.reason, this.sessionId);
    const frame = parsed.frame;
    if (frame.type === "greeting") {
      if (this.greeting) return this.options.logger.debug("ignored a repeated greeting");
      this.greeting = frame;
      this.settleGreeting.resolve(frame);
    } else if (frame.type === "delegation_preview" || frame.type === "session_ended") {
      this.options.onSideFrame(frame, this.sessionId);
    } else {
      if (this.inbox.length >= MAX_BUFFERED_FRAMES) this.inbox.shift();
      this.inbox.push(frame);
    }
    this.wake?.();
  }

  private refuse(res: IncomingMessage): void {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 4096) chunks.push(chunk);
    });
    const finish = () => {
      let detail: string | undefined;
      try {
        detail = refusalBodySchema.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")))
          .data?.detail;
      } catch {
        detail = undefined;
      }
      this.abandon(
        refusedError(detail ?? `HTTP ${res.statusCode ?? "?"} ${res.statusMessage ?? ""}`.trim()),
      );
    };
    res.once("end", finish);
    res.once("error", finish);
  }

  private fail(error: ManagerUnavailableError): void {
    if (this.failure) return;
    this.failure = error;
    this.settleGreeting.reject(error);
    this.wake?.();
  }
}
