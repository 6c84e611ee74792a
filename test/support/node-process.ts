// A server started as its own Node process (as deployed), ready once its JSON log says so.
// Shared by the HTTP tests, the team-server tests and the benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** `node` arguments that run TypeScript from lib/ and server/ as `npm run dev` does (tsx, with
 * `server-only` as an empty module: scripts/server-only-noop.mjs). */
export const TSX = ["--import", "tsx", "--import", path.join(ROOT, "scripts/server-only-noop.mjs")];

type LogEntry = Record<string, unknown>;

export interface NodeProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** stdout lines and stderr chunks, for failure messages. */
  logs: string[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string | null>;
  /** The next JSON log line for which `match` returns a value. */
  waitForLog<T>(match: (entry: LogEntry) => T | undefined, timeoutMs?: number): Promise<T>;
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export interface NodeProcessOptions {
  /** Arguments to `node`, e.g. [...TSX, "server/team-server/main.ts", "--port", "0"]. */
  args: string[];
  env: Record<string, string>;
  /** The log message that says the server listens (its entry carries `port`). */
  listening: string;
  /** Host for `url`; localhost by default (Auth.js wants it for the web app). */
  host?: string;
  timeoutMs?: number;
}

/** Starts the process with its own temporary DATA_DIR (removed when it exits). */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "cc-process-"));
  const child = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  void exited.then(() => rm(dataDir, { recursive: true, force: true }));
  // Never outlive the test process: a test that fails (or a sibling's start that fails, as in a
  // Promise.all of two servers) must not leave its servers running and loading the machine.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.off("exit", killOnExit));
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => logs.push(line));

  const waitForLog = <T>(
    match: (entry: LogEntry) => T | undefined,
    timeoutMs = options.timeoutMs ?? 30_000,
  ) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching log line within ${timeoutMs} ms:\n${logs.join("\n")}`)),
        timeoutMs,
      );
      void exited.then((code) =>
        reject(new Error(`process exited with ${code}:\n${logs.join("\n")}`)),
      );
      const onLine = (line: string) => {
        let entry: LogEntry;
        try {
          entry = JSON.parse(line) as LogEntry;
        } catch {
          return; // not a log line
        }
        const value = match(entry);
        if (value === undefined) return;
        clearTimeout(timer);
        lines.off("line", onLine);
        resolve(value);
      };
      lines.on("line", onLine);
    });

  const port = await waitForLog((e) =>
    e.msg === options.listening && typeof e.port === "number" ? e.port : undefined,
  ).catch((error: unknown) => {
    child.kill("SIGKILL"); // it never said it listens: nobody else holds it to stop it
    throw error;
  });
  return {
    port,
    url: `http://${options.host ?? "localhost"}:${port}`,
    child,
    logs,
    exited,
    waitForLog,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a one-shot Node command (a CLI) to its end, with only the given environment. */
export function runNodeCommand(
  args: string[],
  env: Record<string, string>,
  options: { stdin?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: "test", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.end(options.stdin ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
