// The manager that runs inside the Control Center: the LLM one when a model is configured,
// otherwise the offline planner (which says that it is one).
import { createLlmManager } from "./llm";
import type { LlmConfig } from "./llm/provider";
import { createOfflineManager } from "./offline";
import type { TeamManager } from "./types";

export function createBuiltinManager(llm: LlmConfig | null): TeamManager {
  return llm ? createLlmManager(llm) : createOfflineManager();
}
