// Entry point of `npm start` / `npm run dev`: validate the environment, start, stop on a signal.
import nextEnv from "@next/env";
import { EnvError, getEnv } from "@/lib/env";
import { StartupError } from "@/lib/startup-error";
import { createLogger, setLogger } from "@/lib/logger";
import { startAppServer } from "./app-server";
import { printAdminCredentials } from "./banner";
import { printSupabaseBanner } from "./supabase/banner";
import { closeOnSignals } from "./shutdown";
import { startTelemetry } from "./telemetry";

async function main(): Promise<void> {
  // .env, .env.local, .env.production… with the same precedence Next gives them.
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV === "development");
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(
        `\n${error.message}\n\nSee .env.example for every variable and what it means.\n`,
      );
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);
  setLogger(logger);
  const stopTelemetry = await startTelemetry(env, logger);

  const server = await startAppServer({ env, logger }).catch((error: unknown) => {
    if (error instanceof StartupError) console.error(`\n${error.message}\n`);
    else logger.fatal({ err: error }, "could not start");
    process.exit(1);
  });
  printAdminCredentials(server.booted.admin, server.url);
  if (server.booted.supabase) printSupabaseBanner(server.booted.supabase);

  closeOnSignals(logger, async () => {
    await server.close();
    await stopTelemetry();
  });
}

void main();
