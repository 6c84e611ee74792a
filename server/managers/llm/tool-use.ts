// Whether replies offer the model the plan tool (LLM_TOOLS). "on" always, "off" never (the plan
// is then asked for as JSON), "auto" until the server refuses a request for naming tools — vLLM
// without --enable-auto-tool-choice, an Ollama model without tool support — which is remembered
// for the life of the process and said once in the log.
import type { Logger } from "pino";
import type { Env } from "@/lib/env";
import { isToolRefusal, type ModelFailure } from "./failure";

export interface ToolUse {
  readonly isOffered: boolean;
  /** True when `failure` means the server cannot take tools and replies go on without them. */
  fallsBackAfter(failure: ModelFailure): boolean;
}

export function createToolUse(mode: Env["LLM_TOOLS"], logger: Logger): ToolUse {
  let refused = false;
  return {
    get isOffered() {
      return mode === "on" || (mode === "auto" && !refused);
    },
    fallsBackAfter(failure) {
      if (mode !== "auto" || !isToolRefusal(failure)) return false;
      if (!refused)
        logger.warn(
          { status: failure.status, serverMessage: failure.serverMessage },
          "the model server refused tool calls; built-in managers now ask for plans as JSON instead. " +
            "For tool calls start vLLM with --enable-auto-tool-choice --tool-call-parser <parser>, or use an " +
            "Ollama model with tool support; LLM_TOOLS=off skips the first try",
        );
      refused = true;
      return true;
    },
  };
}
