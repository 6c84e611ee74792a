// Entry point of `npm run team-server -- --team <slug> --port <port>`: the team's built-in manager
// (LLM-backed when a model is configured, else the offline planner) behind ELF's contract.
import { getEnv } from "@/lib/env";
import { createBuiltinManager } from "@/server/managers/builtin";
import { llmConfigFromEnv } from "@/server/managers/llm/provider";
import { runTeamServerCli } from "./cli";

// The factory runs after the CLI has loaded .env and validated the environment.
void runTeamServerCli(process.argv.slice(2), () =>
  createBuiltinManager(llmConfigFromEnv(getEnv())),
);
