// `cc chat-token --team <slug> --user <email>`: a chat JWT, signed with the key the server uses,
// to try a team server (or the Control Center's chat socket) with a plain WebSocket client.
import { InvalidArgumentError, Option, type Command } from "commander";
import { mintChatToken } from "@/lib/auth/chat-token";
import { authorizeChat } from "@/lib/chat/access";
import { AppError } from "@/lib/errors";
import { selectUserByEmail } from "@/lib/users/queries";
import { withCliContext } from "./context";
import { printLine, printNote } from "./output";

interface ChatTokenOptions {
  team: string;
  user: string;
  ttl?: number;
  for: "control-center" | "elf";
}

/** The same bounds as CHAT_TOKEN_TTL_SECONDS. */
function parseTtl(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 86_400) {
    throw new InvalidArgumentError("Give whole seconds between 60 and 86400.");
  }
  return seconds;
}

function printChatToken(options: ChatTokenOptions) {
  return withCliContext(async ({ sql, env, chatTokenSecret }) => {
    const user = await selectUserByEmail(sql, options.user);
    if (!user) throw new AppError("not_found", `There is no user with the email ${options.user}.`);
    if (user.disabled_at) throw new AppError("forbidden", `${user.email} is disabled.`);
    // Minted even when the chat would refuse it (testing a refusal is a use), but said so.
    const refusal = await authorizeChat(sql, options.team, user.role).then(
      () => null,
      (error: unknown) => {
        if (error instanceof AppError && error.code === "forbidden") return error.message;
        throw error;
      },
    );
    if (refusal)
      printNote(
        `warning: the Control Center's chat will refuse ${user.email} on ${options.team}: ${refusal}`,
      );
    const { token, expiresAt } = await mintChatToken({
      userId: user.id,
      teamSlug: options.team,
      role: user.role,
      ttlSeconds: options.ttl ?? env.CHAT_TOKEN_TTL_SECONDS,
      secret: await chatTokenSecret(),
      for: options.for,
      sessionVersion: user.session_version,
    });
    printLine(token);
    printNote(
      `expires ${expiresAt.toISOString()}; e.g. websocat "ws://<team-server>/chat?token=<token>"`,
    );
  });
}

export function registerChatTokenCommand(program: Command): void {
  program
    .command("chat-token")
    .description(
      "print a chat token (JWT) for one user and team, to test a team server with a WebSocket client",
    )
    .requiredOption("--team <slug>", "the team the token is for")
    .requiredOption("--user <email>", "the user it acts as (their role goes in the token)")
    .option("--ttl <seconds>", "lifetime (default CHAT_TOKEN_TTL_SECONDS, 3600)", parseTtl)
    .addOption(
      new Option(
        "--for <audience>",
        "control-center: our chat socket; elf: an ELF team server (no aud claim)",
      )
        .choices(["control-center", "elf"])
        .default("control-center"),
    )
    .action(printChatToken);
}
