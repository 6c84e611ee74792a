// The chat panel's state as a pure reducer over server events, so that a snapshot, a streamed
// delta, a final message and an optimistic send always land in one consistent history.
import type {
  ChatMessage,
  ChatStatus,
  DelegationPlan,
  SessionLimits,
  SessionManager,
  SessionSnapshot,
  SessionSummary,
  TaskUpdate,
} from "@/lib/protocol";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/** A message as shown: stored, or the user's own still waiting for the server's ack. */
export type DisplayMessage = ChatMessage & { pending?: boolean };

export interface StreamingReply {
  message_id: string;
  content: string;
}

export interface ChatState {
  connection: ConnectionState;
  session: SessionSnapshot["session"] | null;
  messages: DisplayMessage[];
  streaming: StreamingReply[];
  status: ChatStatus;
  limits: SessionLimits | null;
  /** Set when the session has ended; the summary is null when only the snapshot said so. */
  ended: { summary: SessionSummary | null } | null;
  /** The session's latest delegation plan, as the newest version heard of. */
  preview: DelegationPlan | null;
  /** Progress of the tasks this session created, by task id. */
  tasks: Record<string, TaskUpdate>;
  /** Superseded versions of the plan, each with the one that replaced it. */
  revisions: PlanRevision[];
}

export interface PlanRevision {
  from: DelegationPlan;
  to: DelegationPlan;
}

export type ChatAction =
  | { type: "connection"; state: ConnectionState }
  | { type: "ready"; snapshot: SessionSnapshot }
  | { type: "updated"; manager: SessionManager; limits: SessionLimits }
  | { type: "delta"; message_id: string; delta: string }
  | { type: "message"; message: ChatMessage }
  | { type: "optimistic"; message: DisplayMessage }
  | { type: "discard"; client_id: string }
  | { type: "status"; status: ChatStatus }
  | { type: "ended"; summary: SessionSummary }
  | { type: "preview"; plan: DelegationPlan }
  | { type: "task"; update: TaskUpdate };

export const initialChatState: ChatState = {
  connection: "connecting",
  session: null,
  messages: [],
  streaming: [],
  status: { state: "idle", reason: null },
  limits: null,
  ended: null,
  preview: null,
  tasks: {},
  revisions: [],
};

const clientIdOf = (message: ChatMessage): string | undefined =>
  typeof message.metadata.client_id === "string" ? message.metadata.client_id : undefined;
const replyIdOf = (message: ChatMessage): string | undefined =>
  typeof message.metadata.reply_id === "string" ? message.metadata.reply_id : undefined;

/** Puts a stored message in place of its optimistic copy or an earlier copy, or appends it. */
function upsert(state: ChatState, message: ChatMessage): ChatState {
  const clientId = clientIdOf(message);
  const index = state.messages.findIndex(
    (m) => m.id === message.id || (clientId !== undefined && clientIdOf(m) === clientId),
  );
  const isNew = index === -1 || state.messages[index]!.pending === true;
  const messages =
    index === -1
      ? [...state.messages, message]
      : state.messages.map((m, i) => (i === index ? message : m));
  const replyId = replyIdOf(message);
  const limits =
    state.limits && isNew && message.role === "user"
      ? { ...state.limits, messages_left: Math.max(0, state.limits.messages_left - 1) }
      : state.limits;
  return {
    ...state,
    messages,
    limits,
    streaming: replyId ? state.streaming.filter((s) => s.message_id !== replyId) : state.streaming,
  };
}

/** The revisions list with `plan` recorded, when it is a newer version of the plan shown. */
function withRevision(state: ChatState, plan: DelegationPlan | null): PlanRevision[] {
  const shown = state.preview;
  if (!plan || !shown || shown.id !== plan.id || plan.version <= shown.version)
    return state.revisions;
  return [...state.revisions, { from: shown, to: plan }];
}

/** Each version after the first, with the one it replaced (a snapshot's versions, oldest first). */
function revisionsOf(versions: DelegationPlan[]): PlanRevision[] {
  return versions.slice(1).map((to, index) => ({ from: versions[index]!, to }));
}

/**
 * A late event about an older version (an edit's ack after the server's broadcast of a newer
 * one) must not undo what is shown; a plan at the same version may change status.
 */
function isOlderPlan(plan: DelegationPlan, shown: DelegationPlan | null): boolean {
  if (!shown || shown.id !== plan.id) return false;
  if (plan.version !== shown.version) return plan.version < shown.version;
  return shown.status !== "proposed" && plan.status === "proposed";
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "connection":
      return { ...state, connection: action.state };
    case "ready": {
      const { snapshot } = action;
      const stored = new Set(snapshot.history.map(clientIdOf).filter(Boolean));
      // A send still waiting for its ack survives a reconnect's snapshot unless it is in it.
      const waiting = state.messages.filter((m) => m.pending && !stored.has(clientIdOf(m)));
      return {
        ...state,
        session: snapshot.session,
        messages: [...snapshot.history, ...waiting],
        streaming: snapshot.pending_reply ? [snapshot.pending_reply] : [],
        status: snapshot.status,
        limits: snapshot.limits,
        ended: snapshot.session.ended_at ? { summary: null } : null,
        preview: snapshot.preview,
        // A restarted session starts without the old session's tasks.
        tasks: snapshot.session.id === state.session?.id ? state.tasks : {},
        // The versions as stored: a reload or a reconnect shows what the page showed before.
        revisions: revisionsOf(snapshot.preview_versions),
      };
    }
    case "updated":
      // An admin changed the team: who answers from now on, and the limits now in force.
      return {
        ...state,
        session: state.session && { ...state.session, manager: action.manager },
        limits: action.limits,
      };
    case "delta": {
      // A late delta for a reply that is already stored is dropped.
      if (state.messages.some((m) => replyIdOf(m) === action.message_id)) return state;
      const exists = state.streaming.some((s) => s.message_id === action.message_id);
      const streaming = exists
        ? state.streaming.map((s) =>
            s.message_id === action.message_id ? { ...s, content: s.content + action.delta } : s,
          )
        : [...state.streaming, { message_id: action.message_id, content: action.delta }];
      return { ...state, streaming };
    }
    case "message":
      return upsert(state, action.message);
    case "optimistic":
      return { ...state, messages: [...state.messages, action.message] };
    case "discard":
      return {
        ...state,
        messages: state.messages.filter((m) => !(m.pending && clientIdOf(m) === action.client_id)),
      };
    case "status": {
      // The final message comes before "idle"; a reply that is still open then was dropped (stopped blank).
      const isDone = action.status.state === "idle" || action.status.state === "unavailable";
      return { ...state, status: action.status, streaming: isDone ? [] : state.streaming };
    }
    case "ended":
      return {
        ...state,
        ended: { summary: action.summary },
        status: { state: "idle", reason: null },
        streaming: [],
      };
    case "preview":
      return isOlderPlan(action.plan, state.preview)
        ? state
        : { ...state, preview: action.plan, revisions: withRevision(state, action.plan) };
    case "task": {
      const known = state.tasks[action.update.task_id];
      // Updates may cross on the way (two instances); the older one is dropped.
      if (known && known.updated_at > action.update.updated_at) return state;
      return { ...state, tasks: { ...state.tasks, [action.update.task_id]: action.update } };
    }
  }
}
