// Team servers (the real CLI or fakes) as separate processes on ephemeral ports. Free of
// server-only modules, so Playwright's e2e specs can start one too.
import path from "node:path";
import { startNodeProcess, TSX, type NodeProcess } from "@/test/support/node-process";

export const SECRET = "elf-test-secret-0123456789abcdefghijklmnopq";
export const FIXTURES = path.join(import.meta.dirname, "fixtures");
/** `npm run team-server`'s entry point. */
export const TEAM_SERVER_MAIN = path.resolve(
  import.meta.dirname,
  "../../server/team-server/main.ts",
);
/** Empty values win over a developer's .env, so the offline planner answers, never a real model. */
export const NO_MODEL_ENV = { OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "", OPENAI_BASE_URL: "" };

export type ServerProcess = NodeProcess;

/** Spawns `node --import tsx <script> …args` and waits for its "team server listening" log line. */
export function startServerProcess(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  return startNodeProcess({
    args: [...TSX, script, ...args],
    env: { NODE_ENV: "test", JWT_SECRET_KEY: SECRET, LOG_LEVEL: "info", ...env },
    listening: "team server listening",
    host: "127.0.0.1",
    timeoutMs: 20_000,
  });
}

/** The real team server (`npm run team-server`) serving `team` with its built-in manager and no model. */
export function startTeamServer(options: {
  team: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  return startServerProcess(
    TEAM_SERVER_MAIN,
    ["--team", options.team, "--port", String(options.port ?? 0)],
    { ...NO_MODEL_ENV, ...options.env },
  );
}

/** The real team-server CLI (server/team-server/cli.ts) serving `team` with the echo manager. */
export function startEchoTeamServer(
  options: {
    team?: string;
    port?: number;
    kind?: "llm" | "offline";
    env?: Record<string, string>;
  } = {},
) {
  const args = ["--team", options.team ?? "executive-team", "--port", String(options.port ?? 0)];
  return startServerProcess(
    path.join(FIXTURES, "echo-team-server.ts"),
    [...args, "--manager-kind", options.kind ?? "llm"],
    options.env,
  );
}

export function startMisbehavingServer() {
  return startServerProcess(path.join(FIXTURES, "misbehaving-server.ts"), [
    "--port",
    "0",
    "--secret",
    SECRET,
  ]);
}
