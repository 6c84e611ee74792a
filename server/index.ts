// Entry point of `npm start` / `npm run dev`: validate the environment, start, stop on a signal.
import nextEnv from "@next/env";
import { EnvError, getEnv } from "@/lib/env";
import { createLogger, setLogger } from "@/lib/logger";
import { startAppServer } from "./app-server";
import { printAdminCredentials } from "./banner";

async function main(): Promise<void> {
  // .env, .env.local, .env.production… with the same precedence Next gives them.
  nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV === "development");
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n\nSee .env.example for every variable and what it means.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);
  setLogger(logger);

  const server = await startAppServer({ env, logger }).catch((error: unknown) => {
    logger.fatal({ err: error }, "could not start");
    process.exit(1);
  });
  printAdminCredentials(server.booted.admin, server.url);

  let signals = 0;
  const stop = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, "second signal, exiting now");
      process.exit(1);
    }
    logger.info({ signal }, "signal received");
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
