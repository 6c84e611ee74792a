// One structured (JSON) logger per process; secrets are redacted by path wherever they appear.
import "server-only";
import pino, { type Logger } from "pino";
import { getEnv } from "./env";

const REDACT = [
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "req.headers.cookie",
  "databaseUrl",
];

const GLOBAL_KEY = Symbol.for("elf-cc.logger");
type Holder = { [GLOBAL_KEY]?: Logger };

export function createLogger(level: string = "info"): Logger {
  return pino({
    level,
    base: { service: "control-center" },
    redact: { paths: REDACT, censor: "[redacted]" },
  });
}

/** The process logger, shared by the custom server and Next's route handlers. */
export function getLogger(): Logger {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= createLogger(getEnv().LOG_LEVEL);
  return holder[GLOBAL_KEY];
}

export function setLogger(logger: Logger): void {
  (globalThis as Holder)[GLOBAL_KEY] = logger;
}

/** Strips credentials from a connection URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "[unparseable url]";
  }
}
