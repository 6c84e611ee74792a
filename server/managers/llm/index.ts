// The built-in manager backed by a language model: streams its answer token by token, and
// proposes plans through the propose_delegation tool (see ./proposal) when the team allows it.
import { APICallError, stepCountIs, streamText, type StopCondition, type ToolSet } from "ai";
import type { PlanDraft } from "@/lib/protocol";
import type { TeamManager } from "../types";
import { ManagerUnavailableError } from "../types";
import { buildSystemPrompt } from "./prompt";
import { createProposalTool, MAX_PROPOSALS, PROPOSE_TOOL } from "./proposal";
import type { LlmConfig } from "./provider";

/** A failure in words a user can act on; provider messages may echo parts of keys, so they are not passed on. */
function describeFailure(error: unknown): string {
  if (APICallError.isInstance(error)) {
    if (error.statusCode === 401 || error.statusCode === 403)
      return "the model provider refused the API key";
    if (error.statusCode === 429)
      return "the model provider is rate-limiting requests; try again shortly";
    if (error.statusCode !== undefined)
      return `the model provider answered HTTP ${error.statusCode}`;
    return "the model provider could not be reached";
  }
  return "the language model failed to answer";
}

/** Said when every proposal of a reply was refused: the person learns there is no plan, and why. */
export function noPlanNotice(reason: string): string {
  const first = reason.split("\n").slice(0, 3).join(" ").slice(0, 300);
  return `I tried to put this into a plan you can review, but could not produce a valid one after ${MAX_PROPOSALS} attempts (${first}), so no plan is shown. Tell me what to change, or ask me to try again.`;
}

export function createLlmManager(config: LlmConfig): TeamManager {
  return {
    kind: "llm",
    async open({ team }) {
      const offersPlans = team.delegation_preview !== false;
      const system = buildSystemPrompt(team, { offersPlans });
      return {
        kind: "llm",
        label: config.label,
        async greeting() {
          return `Hello, I'm the ${team.manager_role} of ${team.display_name}. What would you like the team to take on?`;
        },
        async *reply(history, signal) {
          yield { type: "thinking" };
          let draft: PlanDraft | undefined;
          const tools: ToolSet = offersPlans
            ? { [PROPOSE_TOOL]: createProposalTool(team, (accepted) => (draft = accepted)) }
            : {};
          // A refused proposal goes back to the model as the tool's error; it may try again until
          // one is accepted or it has used its attempts.
          const planAccepted: StopCondition<ToolSet> = () => draft !== undefined;
          const result = streamText({
            model: config.model,
            system,
            messages: history,
            tools,
            stopWhen: [planAccepted, stepCountIs(MAX_PROPOSALS)],
            abortSignal: signal,
            maxRetries: 1,
            onError: () => {}, // surfaced below as an error part, not printed
          });
          let content = "";
          let tokens: number | undefined;
          let refusal: string | null = null;
          try {
            for await (const part of result.fullStream) {
              if (part.type === "text-delta" && part.text) {
                content += part.text;
                yield { type: "delta", text: part.text };
              } else if (part.type === "tool-error" && part.toolName === PROPOSE_TOOL) {
                refusal = part.error instanceof Error ? part.error.message : String(part.error);
              } else if (part.type === "error") {
                throw new ManagerUnavailableError(describeFailure(part.error), {
                  cause: part.error,
                });
              } else if (part.type === "finish") {
                tokens = part.totalUsage.totalTokens;
              } else if (part.type === "abort") {
                break;
              }
            }
          } catch (error) {
            if (signal.aborted) return;
            if (error instanceof ManagerUnavailableError) throw error;
            throw new ManagerUnavailableError(describeFailure(error), { cause: error });
          }
          if (signal.aborted) return;
          const closing = draft
            ? content.trim()
              ? ""
              : `I've drafted a plan, "${draft.title}". Review it below, edit anything, then confirm or cancel.`
            : refusal
              ? noPlanNotice(refusal)
              : "";
          if (closing) {
            const text = content.trim() ? `\n\n${closing}` : closing;
            content += text;
            yield { type: "delta", text };
          }
          yield { type: "done", content, tokens, ...(draft ? { draft } : {}) };
        },
        async close() {},
      };
    },
  };
}
