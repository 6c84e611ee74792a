// Starts the real, built Control Center as a child process on an ephemeral port.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export const TEST_ADMIN = { email: "admin@example.test", password: "admin-password-1" };
export const TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-0123456789abcdefghijklmnop",
  JWT_SECRET_KEY: "test-jwt-secret-0123456789abcdefghijklmnopq",
};

export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startAppProcess(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "cc-test-app-"));
  const child = spawn(process.execPath, ["dist/server/index.js"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: "info",
      NEXT_TELEMETRY_DISABLED: "1",
      ...TEST_SECRETS,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("")}`)), 30_000);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${logs.join("")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      logs.push(line);
      if (!line.startsWith("{")) return;
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === "listening" && entry.port) {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });

  return {
    url: `http://localhost:${port}`,
    port,
    child,
    logs,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
