// Test helpers: team servers (real CLI or fakes) as separate processes on ephemeral ports,
// chat contexts, tokens, and event collection.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { mintChatToken } from "@/lib/auth/chat-token";
import { seedTeamProfile } from "@/lib/teams/profile";
import { SEED_TEAMS } from "@/lib/teams/seed-organisation";
import type { ManagerEvent, ManagerSessionContext } from "@/server/managers/types";

export const SECRET = "elf-test-secret-0123456789abcdefghijklmnopq";
const ROOT = path.resolve(import.meta.dirname, "../..");
export const FIXTURES = path.join(import.meta.dirname, "fixtures");

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  logs: string[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string | null>;
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/** Spawns `node --import tsx <script> …args` and waits for its "team server listening" log line. */
export async function startServerProcess(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "elf-team-server-"));
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      JWT_SECRET_KEY: SECRET,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  void exited.then(() => rm(dataDir, { recursive: true, force: true }));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start:\n${logs.join("")}`)),
      20_000,
    );
    void exited.then((code) =>
      reject(new Error(`${script} exited with ${code}:\n${logs.join("\n")}`)),
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      logs.push(line);
      if (!line.startsWith("{")) return;
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === "team server listening" && typeof entry.port === "number") {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    logs,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The real team-server CLI (server/team-server/cli.ts) serving `team` with the echo manager. */
export function startEchoTeamServer(
  options: { team?: string; port?: number; kind?: "llm" | "offline" } = {},
) {
  const args = ["--team", options.team ?? "executive-team", "--port", String(options.port ?? 0)];
  return startServerProcess(path.join(FIXTURES, "echo-team-server.ts"), [
    ...args,
    "--manager-kind",
    options.kind ?? "llm",
  ]);
}

export function startMisbehavingServer() {
  return startServerProcess(path.join(FIXTURES, "misbehaving-server.ts"), [
    "--port",
    "0",
    "--secret",
    SECRET,
  ]);
}

export function sessionContext(team = "executive-team", userId = "user-1"): ManagerSessionContext {
  const profile = seedTeamProfile(SEED_TEAMS, team);
  if (!profile) throw new Error(`no seed team ${team}`);
  return { team: profile, user: { id: userId, role: "admin" }, sessionId: `cc-session-${userId}` };
}

export async function mintElfToken(
  overrides: {
    team?: string;
    secret?: string;
    ttlSeconds?: number;
    for?: "elf" | "control-center";
  } = {},
) {
  const { token } = await mintChatToken({
    for: overrides.for ?? "elf",
    userId: "user-1",
    teamSlug: overrides.team ?? "executive-team",
    role: "admin",
    ttlSeconds: overrides.ttlSeconds ?? 300,
    secret: overrides.secret ?? SECRET,
  });
  return token;
}

export async function collect(events: AsyncIterable<ManagerEvent>): Promise<ManagerEvent[]> {
  const out: ManagerEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export const userSays = (content: string) => [{ role: "user" as const, content }];
