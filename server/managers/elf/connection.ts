// One chat session with an ELF team server: ELF's reply frames mapped to ManagerEvents, previews
// kept, and a socket that dropped between replies replaced (once per reply) with a fresh session.
import type { Logger } from "pino";
import type { PlanDraft } from "@/lib/protocol";
import {
  ManagerUnavailableError,
  type ChatTurn,
  type ManagerConnection,
  type ManagerEvent,
  type PlanOffer,
} from "../types";
import type { SideFrame, UpstreamLink } from "./link";
import { PreviewTracker, type ElfPreview, type PreviewListener } from "./preview";
import { draftFromElfSpec } from "./to-draft";
import { createUnreadableReporter, type UnreadableReporter } from "./unreadable";

export interface ElfConnection extends ManagerConnection {
  readonly kind: "elf";
  /** The team server's base URL: plans it offers are confirmed there too. */
  readonly baseUrl: string;
  /** ELF's session id of the current socket (it changes after a reconnect). */
  readonly upstreamSessionId: string;
  /** True once ELF ended the session or close() was called. */
  readonly isClosed: boolean;
  /** Its ELF session can go on: not ended, and the socket still open. */
  readonly isLive: boolean;
  latestPreview(): ElfPreview | null;
  /** Called for each new (changed) preview; returns the unsubscribe function. */
  onPreview(listener: PreviewListener): () => void;
  /** Each preview as the chat's plan offer; one that cannot make a plan is reported, not offered. */
  onPlanOffered(listener: (offer: PlanOffer) => void): () => void;
}

export interface LinkHandlers {
  onSideFrame(frame: SideFrame, sessionId: string): void;
  onUnreadable(text: string, reason: string, sessionId: string): void;
}

export type Dial = (handlers: LinkHandlers) => Promise<UpstreamLink>;

interface ConnectionOptions {
  label: string;
  baseUrl: string;
  /** The Control Center team this session is with: ELF's plans default to it. */
  teamName: string;
  dial: Dial;
  replyTimeoutMs: number;
  logger: Logger;
  /** Shows a notice in the chat. */
  notice?: (message: string) => void;
  /** Keeps the line through the session's grace (detach); false when there is none. */
  park?: (connection: ElfConnection) => boolean;
}

/**
 * ELF's `context` for the first message on a new ELF session of a conversation that began on an
 * earlier one (the grace was over, the team server restarted, another instance had it): the
 * turns so far, already cut to the team's context_window_messages. Empty for a new conversation.
 */
export function handOver(history: ChatTurn[]): Record<string, unknown> {
  const earlier = history.slice(0, -1);
  if (!earlier.some((turn) => turn.role === "user")) return {};
  return {
    conversation_history: earlier.map((turn) => ({ role: turn.role, content: turn.content })),
  };
}

const endedError = () => new ManagerUnavailableError("the team server ended the chat session");

export async function openElfConnection(options: ConnectionOptions): Promise<ElfConnection> {
  const connection = new ElfChatConnection(options);
  await connection.connect();
  return connection;
}

class ElfChatConnection implements ElfConnection {
  readonly kind = "elf" as const;
  readonly label: string;
  readonly baseUrl: string;
  private link: UpstreamLink | null = null;
  private ended = false;
  /** The session's opening; a reconnect's greeting is not shown again. */
  private firstGreeting = "";
  private readonly previews: PreviewTracker;
  private readonly reportUnreadable: UnreadableReporter;

  constructor(private readonly options: ConnectionOptions) {
    this.label = options.label;
    this.baseUrl = options.baseUrl;
    this.previews = new PreviewTracker(options.logger);
    this.reportUnreadable = createUnreadableReporter({
      logger: options.logger,
      notice: options.notice,
    });
  }

  get upstreamSessionId(): string {
    return this.link?.sessionId ?? "";
  }

  get isClosed(): boolean {
    return this.ended;
  }

  get isLive(): boolean {
    return !this.ended && (this.link?.isOpen ?? false);
  }

  async connect(): Promise<UpstreamLink> {
    const link = await this.options.dial({
      onSideFrame: (frame, sessionId) => this.handleSideFrame(frame, sessionId),
      onUnreadable: (text, reason, sessionId) =>
        this.reportUnreadable(
          "a frame",
          text,
          `${reason} (ELF session ${sessionId || "not yet greeted"})`,
        ),
    });
    this.link = link;
    this.firstGreeting ||= link.greetingMessage;
    return link;
  }

  async greeting(): Promise<string> {
    return this.firstGreeting;
  }

  latestPreview(): ElfPreview | null {
    return this.previews.current();
  }

  onPreview(listener: PreviewListener): () => void {
    return this.previews.subscribe(listener);
  }

  onPlanOffered(listener: (offer: PlanOffer) => void): () => void {
    // A preview that cannot make a plan never gets here: it was reported as unreadable.
    return this.previews.subscribe((preview) => {
      const origin = { kind: "elf" as const, url: this.baseUrl, session_id: preview.session_id };
      listener({ draft: preview.draft, origin });
    });
  }

  async *reply(history: ChatTurn[], signal: AbortSignal): AsyncIterable<ManagerEvent> {
    const message = history.findLast((turn) => turn.role === "user")?.content;
    if (message === undefined)
      throw new ManagerUnavailableError("there is no user message to answer");
    if (signal.aborted) return;
    const link = await this.usableLink();
    // A new ELF session (after a drop, or for a conversation begun elsewhere) gets what was said.
    const turn = link.sendMessage(message, link.sent === 0 ? handOver(history) : {});
    const deadline = Date.now() + this.options.replyTimeoutMs;
    for (;;) {
      const event = await link.next(signal, deadline);
      // ELF has no stop frame: the late reply is recognised by its turn and skipped later.
      if (event.kind === "aborted") return;
      if (event.kind === "timeout") {
        const seconds = Number((this.options.replyTimeoutMs / 1000).toFixed(1));
        throw new ManagerUnavailableError(`the team server did not answer within ${seconds} s`);
      }
      if (event.kind === "closed") throw this.ended ? endedError() : event.error;
      const frame = event.frame;
      if (frame.type === "status") {
        if (frame.status === "thinking") yield { type: "thinking" };
        continue;
      }
      link.answered += 1;
      if (link.answered < turn) {
        this.options.logger.debug(
          { turn: link.answered },
          "skipped the late reply to a stopped message",
        );
        continue;
      }
      if (frame.type === "error")
        throw new ManagerUnavailableError(`the team manager reported an error: ${frame.message}`);
      const total = frame.metadata?.total_tokens ?? undefined;
      const tokens = total === undefined ? undefined : Math.max(0, total - link.totalTokens);
      if (total !== undefined) link.totalTokens = total;
      // ELF answers with the whole reply: it is sent once, as the stored message, not also as a
      // delta that would show it before it is stored.
      yield {
        type: "done",
        content: frame.content,
        ...(tokens === undefined ? {} : { tokens }),
        metadata: {
          ready_to_delegate: frame.ready_to_delegate ?? false,
          thinking_time: frame.thinking_time ?? null,
        },
      };
      return;
    }
  }

  async close(): Promise<void> {
    this.ended = true;
    await this.link?.close();
  }

  async detach(): Promise<void> {
    // The plans it offers are for whoever holds the session next: they subscribe again.
    this.previews.unsubscribeAll();
    if (this.isLive && this.options.park?.(this)) return;
    await this.close();
  }

  private async usableLink(): Promise<UpstreamLink> {
    if (this.ended) throw endedError();
    if (this.link?.isOpen) return this.link;
    this.options.logger.info("the team server socket is gone; opening a new session");
    return this.connect();
  }

  private handleSideFrame(frame: SideFrame, sessionId: string): void {
    if (frame.type === "session_ended") {
      // After our own close() this is just ELF's acknowledgement.
      const level = this.ended ? "debug" : "info";
      this.ended = true;
      this.options.logger[level]({ summary: frame.summary }, "the team server ended the session");
      return;
    }
    let draft: PlanDraft;
    try {
      draft = draftFromElfSpec(frame.delegation, this.options.teamName);
    } catch (error) {
      return this.reportUnreadable(
        "a delegation preview",
        JSON.stringify(frame.delegation),
        (error as Error).message,
      );
    }
    this.previews.offer(sessionId, frame.delegation, draft, frame.requires_confirmation);
  }
}
