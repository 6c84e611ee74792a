// Runs the real CLI (`npm run cc --`, i.e. tsx server/cli/main.ts) as a child process.
import { userInfo } from "node:os";
import { runNodeCommand, type CommandResult } from "@/test/support/node-process";

/** What the CLI writes into performed_by when run by this machine's user. */
export const CLI_ACTOR = `cli:${userInfo().username}`;

export function runCli(args: string[], env: Record<string, string>, options: { stdin?: string } = {}): Promise<CommandResult> {
  return runNodeCommand(["--import", "tsx", "server/cli/main.ts", ...args], env, options);
}
