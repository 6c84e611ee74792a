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
  stop(): Promise<void>;
}

/** Spawns a TypeScript entry with tsx and waits for its JSON "listening" log line. */
export async function spawnServer(entry: string, args: string[], env: Record<string, string>, listeningMsg: RegExp): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${entry} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.port && listeningMsg.test(entry.msg ?? "")) resolve(entry.port);
      } catch {
        /* not a log line */
      }
    });
  });
  return {
    port,
    process: child,
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
