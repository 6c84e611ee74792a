// One interface for every way a team's manager is reached: built-in (offline planner or LLM)
// or an ELF team server over its WebSocket protocol. The chat relay only sees this.
import type { ChatTurn } from "@/lib/chat/schemas";
import type { PlanOrigin } from "@/lib/delegation/queries";
import type { DelegationPlan, ManagerKind, PlanDraft } from "@/lib/protocol";
import type { TeamProfile } from "@/lib/teams/profile";

export type { ChatTurn } from "@/lib/chat/schemas";

export interface ManagerUser {
  id: string;
  role: string;
}

/** What a manager emits while it answers one user message. */
export type ManagerEvent =
  | { type: "thinking" }
  /** A piece of the reply, in order. */
  | { type: "delta"; text: string }
  /**
   * The reply is complete. `content` is the whole reply (it may differ from the joined deltas,
   * e.g. a remote manager that does not stream sends it only here). `tokens` is what the model
   * reported, when it did. `draft` is the plan the manager proposes with this reply, if any: the
   * chat shows it as the delegation preview, a team server sends it as ELF's delegation_preview.
   */
  | {
      type: "done";
      content: string;
      tokens?: number;
      metadata?: Record<string, unknown>;
      draft?: PlanDraft;
    };

/** The manager cannot be reached or failed; `reason` is shown to the user as it is. */
export class ManagerUnavailableError extends Error {
  override name = "ManagerUnavailableError";
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/**
 * A plan a manager offers outside a reply (an ELF team server's delegation_preview frame). The
 * chat shows it as the delegation preview, as it does a reply's draft; `origin` says where the
 * answer to it (confirm or cancel) must go as well.
 */
export interface PlanOffer {
  draft: PlanDraft;
  origin?: PlanOrigin;
}

/** One chat session's line to the manager. */
export interface ManagerConnection {
  readonly kind: ManagerKind;
  /** How the UI names it, e.g. "Offline planner" or "ELF team server at http://…". */
  readonly label: string;
  /** The manager's opening message for a new session. */
  greeting(): Promise<string>;
  /**
   * Answers the last user turn of `history` (which is already cut to the team's
   * context_window_messages). Stops early, without throwing, when `signal` aborts.
   * Throws ManagerUnavailableError when the manager cannot answer.
   */
  reply(history: ChatTurn[], signal: AbortSignal): AsyncIterable<ManagerEvent>;
  /**
   * Optional: managers that may offer plans between replies call `listener` with each new (or
   * changed) one. Returns the unsubscribe function.
   */
  onPlanOffered?(listener: (offer: PlanOffer) => void): () => void;
  /**
   * Optional: nobody is watching the session any more, but it has not ended (the last tab was
   * closed or reloaded). A manager may keep its line open a while for the session's return (the
   * next open() with the same sessionId); without this, the line is closed.
   */
  detach?(): Promise<void>;
  close(): Promise<void>;
}

export interface ManagerSessionContext {
  team: TeamProfile;
  user: ManagerUser;
  /** The Control Center's session id (the team_chat_sessions row id). */
  sessionId: string;
  /**
   * The session's latest plan as people see it now, their edits included (null before any), so
   * a built-in manager can be asked to change it. Read before each reply; absent where the chat
   * keeps no plans.
   */
  currentPlan?: () => Promise<DelegationPlan | null>;
  /**
   * Shows a notice in the chat, e.g. that the team server sent something that could not be used.
   * Absent where no person is watching.
   */
  notice?: (message: string) => void;
}

export interface TeamManager {
  readonly kind: ManagerKind;
  open(context: ManagerSessionContext): Promise<ManagerConnection>;
}
