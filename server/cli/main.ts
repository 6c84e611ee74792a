// Entry point of `npm run cc -- <command>`: the Control Center's administration for scripts.
// Errors are one clear line on stderr and exit code 1; --verbose adds the stack.
import { Command, CommanderError } from "commander";
import { z } from "zod";
import { EnvError } from "@/lib/env";
import { AppError, describeIssues } from "@/lib/errors";
import { registerChatTokenCommand } from "./chat-token";
import { setVerbose } from "./context";
import { printNote } from "./output";
import { registerTeamCommands } from "./teams";
import { registerUserCommands } from "./users";

const program = new Command("cc")
  .description("ELF Control Center administration: teams, users, chat tokens")
  .option("--verbose", "log the database's start and stop, and print stacks of errors")
  .showHelpAfterError("(add --help for usage)")
  .hook("preAction", (command) => setVerbose(Boolean(command.opts().verbose)));
registerTeamCommands(program);
registerUserCommands(program);
registerChatTokenCommand(program);

function describe(error: unknown): string {
  if (error instanceof AppError || error instanceof EnvError) return error.message;
  if (error instanceof z.ZodError) return describeIssues(error, { separator: "\n" });
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Commander has printed its own usage errors already.
  if (!(error instanceof CommanderError)) {
    printNote(`error: ${describe(error)}`);
    if (program.opts().verbose && error instanceof Error && error.stack) printNote(error.stack);
  }
  process.exitCode = 1;
}
