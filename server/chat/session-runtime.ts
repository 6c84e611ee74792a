// One chat session's live state on this instance: its line to the manager, the reply being
// written, and the status every tab of the session sees. A reply runs to completion and is
// stored whether or not anyone is still connected, so a returning user finds it in history.
import { randomUUID } from "node:crypto";
import { countTokens } from "gpt-tokenizer";
import type { Logger } from "pino";
import { insertMessage } from "@/lib/chat/queries";
import { toChatMessage } from "@/lib/chat/schemas";
import type { Sql } from "@/lib/db/client";
import type { ChatStatus, PlanDraft, ServerToClientEvents } from "@/lib/protocol";
import { ManagerUnavailableError, type ChatTurn, type ManagerConnection, type ManagerSessionContext, type TeamManager } from "../managers/types";

type Emit = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

export interface InflightReply {
  messageId: string;
  content: string;
  controller: AbortController;
  done: Promise<void>;
}

export class SessionRuntime {
  status: ChatStatus = { state: "idle", reason: null };
  inflight: InflightReply | null = null;
  sockets = 0;
  private connection: Promise<ManagerConnection> | null = null;
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    readonly sessionId: string,
    private readonly deps: {
      sql: Sql;
      logger: Logger;
      manager: TeamManager;
      context: ManagerSessionContext;
      emit: Emit;
      /** A reply finished; the manager may have proposed a plan with it. */
      onReplyDone?: (done: { draft?: PlanDraft }) => Promise<void>;
      /** A new line to the manager is open (ELF connections also push plan previews). */
      onConnected?: (connection: ManagerConnection) => void;
    },
  ) {}

  get managerKind() {
    return this.deps.manager.kind;
  }

  /** Runs `task` after every earlier task of this session, so sends never interleave. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.serial.then(task, task);
    this.serial = next.catch(() => {});
    return next;
  }

  private setStatus(status: ChatStatus): void {
    this.status = status;
    this.deps.emit("chat:status", status);
  }

  /** The manager connection, opened on first use and again after a failure. */
  async connect(): Promise<ManagerConnection> {
    this.connection ??= this.deps.manager.open(this.deps.context).then((connection) => {
      this.deps.onConnected?.(connection);
      return connection;
    });
    try {
      const connection = await this.connection;
      if (this.status.state === "unavailable") this.setStatus({ state: "idle", reason: null });
      return connection;
    } catch (error) {
      this.connection = null;
      this.markUnavailable(error);
      throw error;
    }
  }

  label(): Promise<string> {
    return this.connect().then((c) => c.label, () => this.deps.manager.kind);
  }

  private markUnavailable(error: unknown): void {
    const reason = error instanceof ManagerUnavailableError ? error.reason : "the manager failed unexpectedly";
    if (!(error instanceof ManagerUnavailableError)) this.deps.logger.error({ err: error, sessionId: this.sessionId }, "manager failed");
    this.setStatus({ state: "unavailable", reason });
  }

  /**
   * Starts answering the latest user message, given the context window that ends with it.
   * Returns at once; the reply streams to the room.
   */
  startReply(history: ChatTurn[]): void {
    const controller = new AbortController();
    const reply: InflightReply = { messageId: randomUUID(), content: "", controller, done: Promise.resolve() };
    this.inflight = reply;
    const settle = () => {
      if (this.inflight === reply) this.inflight = null;
    };
    // The reply is over once stored: the next message may come while a proposal is handled.
    reply.done = this.runReply(reply, history)
      .then(async (done) => {
        settle();
        if (!done || !this.deps.onReplyDone) return;
        await this.deps.onReplyDone(done).catch((error: unknown) =>
          this.deps.logger.error({ err: error, sessionId: this.sessionId }, "could not handle the manager's proposal"),
        );
      })
      .finally(settle);
  }

  /** Streams and stores one reply; resolves with what the manager proposed when it completed (not stopped). */
  private async runReply(reply: InflightReply, history: ChatTurn[]): Promise<{ draft?: PlanDraft } | null> {
    const { emit } = this.deps;
    this.setStatus({ state: "thinking", reason: null });
    let tokens: number | undefined;
    let metadata: Record<string, unknown> = {};
    let draft: PlanDraft | undefined;
    try {
      const connection = await this.connect();
      for await (const event of connection.reply(history, reply.controller.signal)) {
        if (event.type === "delta") {
          if (this.status.state !== "streaming") this.setStatus({ state: "streaming", reason: null });
          reply.content += event.text;
          emit("chat:delta", { message_id: reply.messageId, delta: event.text });
        } else if (event.type === "done") {
          reply.content = event.content;
          tokens = event.tokens;
          metadata = event.metadata ?? {};
          draft = event.draft;
        }
      }
    } catch (error) {
      if (!reply.controller.signal.aborted) {
        this.connection = null;
        this.markUnavailable(error);
        await this.store("system", `The manager could not answer: ${this.status.reason}.`, { reply_id: reply.messageId, error: true });
        return null;
      }
    }
    const stopped = reply.controller.signal.aborted;
    if (reply.content.trim()) {
      await this.store("assistant", reply.content, { ...metadata, reply_id: reply.messageId, manager: this.managerKind, ...(stopped ? { stopped: true } : {}) }, tokens);
    }
    if (this.status.state !== "unavailable") this.setStatus({ state: "idle", reason: null });
    return stopped ? null : { draft };
  }

  private async store(role: "assistant" | "system", content: string, metadata: Record<string, unknown>, tokens?: number): Promise<void> {
    try {
      const { row } = await insertMessage(this.deps.sql, {
        sessionId: this.sessionId,
        role,
        content,
        tokenCount: tokens ?? countTokens(content),
        metadata,
      });
      this.deps.emit("chat:message", toChatMessage(row));
    } catch (error) {
      this.deps.logger.error({ err: error, sessionId: this.sessionId }, "could not store the manager's reply");
      this.deps.emit("chat:error", { code: "internal", message: "The reply could not be saved. Please send your message again." });
    }
  }

  /** Stops the reply being written; what was written so far is kept, marked as stopped. */
  async stop(): Promise<boolean> {
    const reply = this.inflight;
    if (!reply) return false;
    reply.controller.abort();
    await reply.done;
    return true;
  }

  async close(): Promise<void> {
    await this.stop();
    const connection = this.connection;
    this.connection = null;
    await connection?.then((c) => c.close(), () => {});
  }
}
