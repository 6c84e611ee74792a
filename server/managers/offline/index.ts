// The built-in manager when no language model is configured: a rule-based planner that says so,
import type { PlanDraft } from "@/lib/protocol";
// asks for what the plan lacks one question at a time, and proposes which teams fit the work.
import type {
  ChatTurn,
  ManagerConnection,
  ManagerEvent,
  ManagerSessionContext,
  TeamManager,
} from "../types";
import { composeGreeting, composeReply } from "./compose-reply";
import { draftFromPlanState } from "./delegation-draft";
import { planState } from "./plan-state";

export interface OfflineManagerOptions {
  /** The clock relative dates are read against; injectable so tests are deterministic. */
  now?: () => Date;
  /** Time zone for reading dates, as chrono-node takes it; the server's own by default. */
  timezone?: string | number;
}

/** Word-sized pieces that join back to exactly `text`, so the reply streams like a model's. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/^\s+|\S+\s*/g) ?? [];
}

async function* streamReply(
  content: string,
  metadata: Record<string, unknown>,
  signal: AbortSignal,
  draft: PlanDraft | null,
): AsyncGenerator<ManagerEvent> {
  if (signal.aborted) return;
  yield { type: "thinking" };
  for (const text of splitIntoDeltas(content)) {
    if (signal.aborted) return;
    yield { type: "delta", text };
  }
  if (!signal.aborted) yield { type: "done", content, metadata, ...(draft ? { draft } : {}) };
}

export function createOfflineManager(options: OfflineManagerOptions = {}): TeamManager {
  const now = options.now ?? (() => new Date());
  return {
    kind: "offline",
    async open({ team }: ManagerSessionContext): Promise<ManagerConnection> {
      return {
        kind: "offline",
        label: "Offline planner",
        greeting: async () => composeGreeting(team),
        reply(history: ChatTurn[], signal: AbortSignal) {
          const at = now();
          const state = planState(history, at, options.timezone);
          const { ready, missing, nextQuestion } = state;
          return streamReply(
            composeReply(state, team),
            { planner: "offline", plan: { ready, missing, next_question: nextQuestion } },
            signal,
            draftFromPlanState(state, team, { now: at }),
          );
        },
        close: async () => {},
      };
    },
  };
}
