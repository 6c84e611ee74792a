// Graceful shutdown on SIGINT/SIGTERM for every long-running process: close once, exit 0 when
// that worked; a second signal exits at once, and so does a close that takes longer than the
// deadline (a step stuck on a database that went away must not keep the process alive for ever).
import type { Logger } from "pino";

/** Below Kubernetes' default 30 s grace period, so we exit before being killed. */
export const SHUTDOWN_DEADLINE_MS = 20_000;

export function closeOnSignals(logger: Logger, close: () => Promise<void>): void {
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, "second signal, exiting now");
      process.exit(1);
    }
    logger.info({ signal }, "signal received");
    setTimeout(() => {
      logger.error(
        { deadlineMs: SHUTDOWN_DEADLINE_MS },
        "shutdown did not finish in time, exiting now",
      );
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
