// Child processes for the benchmark: each server runs in its own process, as deployed.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Child {
  port: number;
  process: ChildProcess;
  rssKiB(): number;
  /** Retained memory after a forced GC (the child must handle SIGUSR2, see chat-server.ts). */
  memory(): Promise<{ rss: number; heapUsed: number; external: number }>;
  stop(): Promise<void>;
}

/** Spawns a TypeScript entry with tsx and waits for its JSON "listening" log line. */
export async function spawnServer(entry: string, args: string[], env: Record<string, string>, listeningMsg: RegExp): Promise<Child> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // Never leave a server behind: children die with the benchmark, however it ends.
  process.once("exit", () => child.kill("SIGKILL"));
  const lines = createInterface({ input: child.stdout! });
  const nextLine = <T>(match: (entry: Record<string, unknown>) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`${entry} exited with ${code}`)));
      const onLine = (line: string) => {
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return; // not a log line
        }
        const value = match(parsed);
        if (value === undefined) return;
        lines.off("line", onLine);
        resolve(value);
      };
      lines.on("line", onLine);
    });
  const port = await nextLine((e) => (typeof e.port === "number" && listeningMsg.test(String(e.msg)) ? e.port : undefined));
  return {
    port,
    process: child,
    memory() {
      const report = nextLine((e) => (e.msg === "memory" ? (e as unknown as { rss: number; heapUsed: number; external: number }) : undefined));
      child.kill("SIGUSR2");
      return report;
    },
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
