// Entry point of `npm run team-server -- --team <slug> --port <port>`: the team's built-in manager
// (LLM-backed when a model is configured, else the offline planner) behind ELF's contract.
import { createBuiltinManager } from "@/server/managers/builtin";
import { runTeamServerCli } from "./cli";

void runTeamServerCli(process.argv.slice(2), createBuiltinManager);
