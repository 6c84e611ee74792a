// Child processes for the benchmark: each server runs in its own process, as deployed.
import { startNodeProcess, TSX, type NodeProcess } from "@/test/support/node-process";

export interface Child extends NodeProcess {
  /** Retained memory after a forced GC (the child must handle SIGUSR2, see chat-server.ts). */
  memory(): Promise<{ rss: number; heapUsed: number; external: number }>;
}

type Memory = { rss: number; heapUsed: number; external: number };

/** Starts a TypeScript entry with tsx (GC exposed) and waits for its JSON `listening` log line. */
export async function spawnServer(
  entry: string,
  args: string[],
  env: Record<string, string>,
  listening: string,
): Promise<Child> {
  const child = await startNodeProcess({
    args: ["--expose-gc", ...TSX, entry, ...args],
    env: { LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    listening,
    host: "127.0.0.1",
  });
  // Never leave a server behind: children die with the benchmark, however it ends.
  process.once("exit", () => child.child.kill("SIGKILL"));
  return {
    ...child,
    memory() {
      const report = child.waitForLog((e) =>
        e.msg === "memory" ? (e as unknown as Memory) : undefined,
      );
      child.child.kill("SIGUSR2");
      return report;
    },
  };
}
