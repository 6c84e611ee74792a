// One chat session's live state on this instance: its line to the manager, the reply being
// written, the status every tab of the session sees, and when the session runs out of time.
// A reply runs to completion and is stored whether or not anyone is still connected, so a
// returning user finds it in history.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { countTokens } from "gpt-tokenizer";
import type { Logger } from "pino";
import { insertMessage } from "@/lib/chat/queries";
import { toChatMessage } from "@/lib/chat/schemas";
import type { GroupCommit } from "@/lib/db/group-commit";
import type { ChatStatus, PlanDraft, ServerToClientEvents } from "@/lib/protocol";
import type { TeamProfile } from "@/lib/teams/profile";
import {
  ManagerUnavailableError,
  type ChatTurn,
  type ManagerConnection,
  type ManagerSessionContext,
  type TeamManager,
} from "../managers/types";

/** Node fires longer timers at once; a longer session re-arms its timer instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Emit = <E extends keyof ServerToClientEvents>(
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) => void;

export interface InflightReply {
  messageId: string;
  content: string;
  controller: AbortController;
  done: Promise<void>;
}

export class SessionRuntime {
  status: ChatStatus = { state: "idle", reason: null };
  inflight: InflightReply | null = null;
  /**
   * Whether this instance holds the session's lease: only the owner opens the manager line and
   * writes replies; elsewhere the runtime only holds tabs and forwards to the owner (sessions.ts).
   */
  isOwner = false;
  private connection: Promise<ManagerConnection> | null = null;
  private serial: Promise<unknown> = Promise.resolve();
  private manager: TeamManager;
  private context: ManagerSessionContext;
  private expiry: NodeJS.Timeout | undefined;

  constructor(
    readonly sessionId: string,
    private readonly deps: {
      /** Replies are stored through it. */
      writes: GroupCommit;
      logger: Logger;
      manager: TeamManager;
      context: ManagerSessionContext;
      emit: Emit;
      /** A reply finished; the manager may have proposed a plan with it. */
      onReplyDone?: (done: { draft?: PlanDraft }) => Promise<void>;
      /** A new line to the manager is open (some managers also offer plans on it between replies). */
      onConnected?: (connection: ManagerConnection) => void;
      /** The session reached the time set by expireAt. */
      onExpired?: () => void;
    },
  ) {
    this.manager = deps.manager;
    // What the manager sent that could not be used reaches every tab of the session.
    const notice = (message: string) =>
      deps.emit("chat:error", { code: "upstream_unreadable", message });
    this.context = { notice, ...deps.context };
  }

  get managerKind() {
    return this.manager.kind;
  }

  /**
   * Follows an admin's change of the team: replies from now on come from `manager`, told about
   * `team` as it is now. The line to the old manager is closed once the reply it is writing is
   * stored. Returns whether the manager itself changed (e.g. built-in to an ELF team server).
   */
  retarget(manager: TeamManager, team: TeamProfile): boolean {
    const isSwitched = manager !== this.manager;
    const isProfileChanged = !isDeepStrictEqual(team, this.context.team);
    this.manager = manager;
    this.context = { ...this.context, team };
    // A team server is told only the team's name and keeps its own conversation on its line, so
    // a line to the same server stays open; built-in managers read the profile when opened.
    if (!isSwitched && (!isProfileChanged || manager.kind === "elf")) return false;
    const previous = this.connection;
    this.connection = null;
    void (this.inflight?.done ?? Promise.resolve())
      .then(() =>
        previous?.then(
          (c) => c.close(),
          () => {},
        ),
      )
      .catch((error: unknown) =>
        this.deps.logger.warn(
          { err: error, sessionId: this.sessionId },
          "could not close the line to the previous manager",
        ),
      );
    return isSwitched;
  }

  /** Ends the session (onExpired) at `at`, replacing any earlier time: the team's limit may change. */
  expireAt(at: Date): void {
    clearTimeout(this.expiry);
    const wait = Math.max(0, at.getTime() - Date.now());
    this.expiry = setTimeout(
      () => (wait > MAX_TIMER_MS ? this.expireAt(at) : this.deps.onExpired?.()),
      Math.min(wait, MAX_TIMER_MS),
    );
  }

  /** Runs `task` after every earlier task of this session, so sends never interleave. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.serial.then(task, task);
    this.serial = next.catch(() => {});
    return next;
  }

  /**
   * This instance now owns the session (the previous owner released it or died): whatever reply
   * the previous owner was writing is over, so every tab is told the session is idle.
   */
  takeOver(): void {
    this.isOwner = true;
    this.setStatus({ state: "idle", reason: null });
  }

  /** Another instance owns the session now; the line closes once the reply being written is stored. */
  async giveUp(): Promise<void> {
    this.isOwner = false;
    await this.inflight?.done;
    await this.closeLine();
  }

  private setStatus(status: ChatStatus): void {
    this.status = status;
    this.deps.emit("chat:status", status);
  }

  /** The manager connection, opened on first use and again after a failure. */
  connect(): Promise<ManagerConnection> {
    return this.reach(this.line());
  }

  private line(): Promise<ManagerConnection> {
    return (this.connection ??= this.manager.open(this.context).then((connection) => {
      this.deps.onConnected?.(connection);
      return connection;
    }));
  }

  private async reach(line: Promise<ManagerConnection>): Promise<ManagerConnection> {
    try {
      const connection = await line;
      if (this.status.state === "unavailable") this.setStatus({ state: "idle", reason: null });
      return connection;
    } catch (error) {
      this.forget(line);
      this.markUnavailable(error);
      throw error;
    }
  }

  /** A failed line is opened again next time, unless it was replaced meanwhile (retarget). */
  private forget(line: Promise<ManagerConnection>): void {
    if (this.connection === line) this.connection = null;
  }

  label(): Promise<string> {
    const kind = this.manager.kind;
    // Only the owner opens a line; the owner's own answer carries its label (sessions.ts).
    if (!this.isOwner) return Promise.resolve(kind);
    return this.connect().then(
      (c) => c.label,
      () => kind,
    );
  }

  private markUnavailable(error: unknown): void {
    const reason =
      error instanceof ManagerUnavailableError ? error.reason : "the manager failed unexpectedly";
    if (!(error instanceof ManagerUnavailableError))
      this.deps.logger.error({ err: error, sessionId: this.sessionId }, "manager failed");
    this.setStatus({ state: "unavailable", reason });
  }

  /**
   * Starts answering the latest user message, given the context window that ends with it.
   * Returns at once; the reply streams to the room.
   */
  startReply(history: ChatTurn[]): void {
    if (!this.isOwner) throw new Error(`not the owner of session ${this.sessionId}`);
    const controller = new AbortController();
    const reply: InflightReply = {
      messageId: randomUUID(),
      content: "",
      controller,
      done: Promise.resolve(),
    };
    this.inflight = reply;
    const settle = () => {
      if (this.inflight === reply) this.inflight = null;
    };
    // The reply is over once stored: the next message may come while a proposal is handled.
    reply.done = this.runReply(reply, history)
      .then(async (done) => {
        settle();
        if (!done || !this.deps.onReplyDone) return;
        await this.deps
          .onReplyDone(done)
          .catch((error: unknown) =>
            this.deps.logger.error(
              { err: error, sessionId: this.sessionId },
              "could not handle the manager's proposal",
            ),
          );
      })
      .finally(settle);
  }

  /** Streams and stores one reply; resolves with what the manager proposed when it completed (not stopped). */
  private async runReply(
    reply: InflightReply,
    history: ChatTurn[],
  ): Promise<{ draft?: PlanDraft } | null> {
    const { emit } = this.deps;
    this.setStatus({ state: "thinking", reason: null });
    let tokens: number | undefined;
    let metadata: Record<string, unknown> = {};
    let draft: PlanDraft | undefined;
    // The manager that writes this reply, even if an admin switches the team to another meanwhile.
    const line = this.line();
    let kind = this.manager.kind;
    try {
      const connection = await this.reach(line);
      kind = connection.kind;
      for await (const event of connection.reply(history, reply.controller.signal)) {
        if (event.type === "delta") {
          if (this.status.state !== "streaming")
            this.setStatus({ state: "streaming", reason: null });
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
        this.forget(line);
        this.markUnavailable(error);
        // What was shown before the failure stays in history, as a stopped reply does.
        if (reply.content.trim())
          await this.store("assistant", reply.content, {
            reply_id: reply.messageId,
            manager: kind,
            interrupted: true,
          });
        await this.store("system", `The manager could not answer: ${this.status.reason}.`, {
          reply_id: reply.messageId,
          error: true,
        });
        return null;
      }
    }
    const stopped = reply.controller.signal.aborted;
    if (reply.content.trim()) {
      await this.store(
        "assistant",
        reply.content,
        {
          ...metadata,
          reply_id: reply.messageId,
          manager: kind,
          ...(stopped ? { stopped: true } : {}),
        },
        tokens,
      );
    }
    if (this.status.state !== "unavailable") this.setStatus({ state: "idle", reason: null });
    return stopped ? null : { draft };
  }

  private async store(
    role: "assistant" | "system",
    content: string,
    metadata: Record<string, unknown>,
    tokens?: number,
  ): Promise<void> {
    try {
      const message = {
        sessionId: this.sessionId,
        role,
        content,
        tokenCount: tokens ?? countTokens(content),
        metadata,
      };
      const { row } = await this.deps.writes.run((db) => insertMessage(db, message));
      this.deps.emit("chat:message", toChatMessage(row));
    } catch (error) {
      this.deps.logger.error(
        { err: error, sessionId: this.sessionId },
        "could not store the manager's reply",
      );
      this.deps.emit("chat:error", {
        code: "internal",
        message: "The reply could not be saved. Please send your message again.",
      });
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
    await this.letGo((c) => c.close());
  }

  /** The last tab left, the session goes on: the manager may keep its line for the return. */
  async detach(): Promise<void> {
    await this.letGo((c) => (c.detach ? c.detach() : c.close()));
  }

  private async letGo(how: (connection: ManagerConnection) => Promise<void>): Promise<void> {
    clearTimeout(this.expiry);
    await this.stop();
    await this.closeLine(how);
  }

  private async closeLine(
    how: (connection: ManagerConnection) => Promise<void> = (c) => c.close(),
  ): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.then(how, () => {});
  }
}
