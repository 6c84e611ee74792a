// The team server's command line: `--team <slug> --port <port> [--host <host>]`. The team comes
// from the built-in seed organisation; the chat-token key is the one the Control Center uses.
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import pino from "pino";
import { z } from "zod";
import { EnvError, getEnv } from "@/lib/env";
import { loadOrCreateSecrets } from "@/lib/secrets";
import { seedTeamProfile } from "@/lib/teams/profile";
import { SEED_TEAMS } from "@/lib/teams/seed-organisation";
import type { TeamManager } from "@/server/managers/types";
import { closeOnSignals } from "../shutdown";
import { startTeamServer } from "./app";

const USAGE = "Usage: npm run team-server -- --team <slug> [--port 8000] [--host 127.0.0.1]";

const argsSchema = z.object({
  team: z.string({ error: "--team <slug> is required" }).trim().min(1, "--team <slug> is required"),
  port: z.coerce.number().int().min(0).max(65535, "--port must be 0–65535").default(8000),
  host: z.string().trim().min(1).default("127.0.0.1"),
});

function exitWith(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseCommandLine(argv: string[]): z.infer<typeof argsSchema> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: { team: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
    }).values;
  } catch (error) {
    exitWith(`${(error as Error).message}\n${USAGE}`);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success)
    exitWith(`${parsed.error.issues.map((i) => i.message).join("\n")}\n${USAGE}`);
  return parsed.data;
}

/** Runs a team server until SIGINT/SIGTERM; `createManager` picks the team's manager. */
export async function runTeamServerCli(
  argv: string[],
  createManager: () => TeamManager,
): Promise<void> {
  const args = parseCommandLine(argv);
  const team = SEED_TEAMS.find((t) => t.name === args.team);
  const profile = seedTeamProfile(SEED_TEAMS, args.team);
  if (!team || !profile) {
    exitWith(
      `Unknown team "${args.team}". Known teams: ${SEED_TEAMS.map((t) => t.name).join(", ")}.`,
    );
  }

  // The same .env files, with the same precedence, as the Control Center reads.
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV === "development", {
    info: () => {},
    error: console.error,
  });
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) exitWith(error.message, 1);
    throw error;
  }
  const logger = pino({
    level: env.LOG_LEVEL,
    base: { service: "team-server" },
    redact: {
      paths: ["token", "*.token", "secret", "*.secret", "authorization", "*.authorization"],
      censor: "[redacted]",
    },
  });
  // Without JWT_SECRET_KEY, the key a Control Center on embedded defaults generated in DATA_DIR.
  const secret = env.JWT_SECRET_KEY ?? (await loadOrCreateSecrets(env.DATA_DIR)).chatTokenSecret;

  const server = await startTeamServer({
    profile,
    manager: createManager(),
    secret,
    port: args.port,
    host: args.host,
    logger,
    framework: team.framework,
  }).catch((error: unknown) => {
    logger.fatal({ err: error }, "could not start the team server");
    process.exit(1);
  });

  closeOnSignals(logger, () => server.close());
}
