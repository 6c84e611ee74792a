// The manager that runs inside the Control Center: the LLM one when a model is configured,
// otherwise the offline planner (which says that it is one).
import { getEnv } from "@/lib/env";
import { createLlmManager } from "./llm";
import { llmConfigFromEnv } from "./llm/provider";
import { createOfflineManager } from "./offline";
import type { TeamManager } from "./types";

export function createBuiltinManager(): TeamManager {
  const llm = llmConfigFromEnv(getEnv());
  return llm ? createLlmManager(llm) : createOfflineManager();
}
