// The Control Center's chat server alone (no Next), for benchmarks: same boot, same relay.
import { getEnv } from "@/lib/env";
import { createLogger, setLogger } from "@/lib/logger";
import { startAppServer } from "@/server/app-server";
import { closeOnSignals } from "@/server/shutdown";

const env = getEnv();
const logger = createLogger(env.LOG_LEVEL);
setLogger(logger);
const server = await startAppServer({ env, logger, withNext: false });
// SIGUSR2: collect garbage, then report memory, so the benchmark measures what is retained.
process.on("SIGUSR2", () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ msg: "memory", rss, heapUsed, external, arrayBuffers })}\n`,
  );
});
closeOnSignals(logger, server.close);
