// The manager that runs inside the Control Center: the LLM one when a model is configured,
// otherwise the offline planner (which says that it is one).
import type { Logger } from "pino";
import { getLogger } from "@/lib/logger";
import { createLlmManager } from "./llm";
import { startModelServerCheck } from "./llm/model-check";
import type { LlmConfig } from "./llm/provider";
import { createOfflineManager } from "./offline";
import type { TeamManager } from "./types";

/** With a model, its server is checked in the background: a wrong address, key or model is logged at start. */
export function createBuiltinManager(
  llm: LlmConfig | null,
  logger: Logger = getLogger(),
): TeamManager {
  if (!llm) return createOfflineManager();
  void startModelServerCheck(llm, logger);
  return createLlmManager(llm, { logger });
}
