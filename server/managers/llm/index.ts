// The built-in manager backed by a language model: streams its answer token by token.
import { APICallError, streamText } from "ai";
import type { TeamManager } from "../types";
import { ManagerUnavailableError } from "../types";
import { buildSystemPrompt } from "./prompt";
import type { LlmConfig } from "./provider";

/** A failure in words a user can act on; provider messages may echo parts of keys, so they are not passed on. */
function describeFailure(error: unknown): string {
  if (APICallError.isInstance(error)) {
    if (error.statusCode === 401 || error.statusCode === 403) return "the model provider refused the API key";
    if (error.statusCode === 429) return "the model provider is rate-limiting requests; try again shortly";
    if (error.statusCode !== undefined) return `the model provider answered HTTP ${error.statusCode}`;
    return "the model provider could not be reached";
  }
  return "the language model failed to answer";
}

export function createLlmManager(config: LlmConfig): TeamManager {
  return {
    kind: "llm",
    async open({ team }) {
      const system = buildSystemPrompt(team);
      return {
        kind: "llm",
        label: config.label,
        async greeting() {
          return `Hello, I'm the ${team.manager_role} of ${team.display_name}. What would you like the team to take on?`;
        },
        async *reply(history, signal) {
          yield { type: "thinking" };
          const result = streamText({
            model: config.model,
            system,
            messages: history,
            abortSignal: signal,
            maxRetries: 1,
            onError: () => {}, // surfaced below as an error part, not printed
          });
          let content = "";
          let tokens: number | undefined;
          try {
            for await (const part of result.fullStream) {
              if (part.type === "text-delta" && part.text) {
                content += part.text;
                yield { type: "delta", text: part.text };
              } else if (part.type === "error") {
                throw new ManagerUnavailableError(describeFailure(part.error), { cause: part.error });
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
          yield { type: "done", content, tokens };
        },
        async close() {},
      };
    },
  };
}
