// The OpenAI-compatible test server (./openai-server/main.ts) as its own process, and the calls a
// test uses to set it up, script the model's answers and read back what it was sent.
import path from "node:path";
import { startNodeProcess, TSX, type NodeProcess } from "./node-process";
import type { RecordedRequest, ServerConfig, Turn } from "./openai-server/script";

export type { RecordedRequest, ServerConfig, Turn } from "./openai-server/script";

export interface ModelServer {
  process: NodeProcess;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** What OPENAI_BASE_URL is set to: `${url}/v1`. */
  baseUrl: string;
  /** Forgets turns and requests, and sets the server up anew (defaults for what is left out). */
  reset(config?: ServerConfig): Promise<void>;
  /** Queues the model's answers, one per accepted chat-completions request. */
  script(...turns: Turn[]): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  /** Chat-completions requests only. */
  completions(): Promise<RecordedRequest[]>;
  /** Scripted turns not used yet. */
  pending(): Promise<number>;
  stop(): Promise<void>;
}

const MAIN = path.join(import.meta.dirname, "openai-server", "main.ts");

export async function startModelServer(config: ServerConfig = {}): Promise<ModelServer> {
  const process = await startNodeProcess({
    args: [...TSX, MAIN, "--port", "0"],
    env: {},
    listening: "model server listening",
    host: "127.0.0.1",
    timeoutMs: 20_000,
  });
  const call = async (route: string, body?: unknown) => {
    const response = await fetch(`${process.url}/_control/${route}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  const server: ModelServer = {
    process,
    url: process.url,
    baseUrl: `${process.url}/v1`,
    reset: async (next = {}) => void (await call("reset", next)),
    script: async (...turns) => void (await call("script", turns)),
    requests: () => call("requests") as Promise<RecordedRequest[]>,
    completions: async () =>
      (await server.requests()).filter((r) => r.path === "/v1/chat/completions"),
    pending: async () => ((await call("pending")) as { turns: number }).turns,
    stop: async () => void (await process.stop()),
  };
  await server.reset(config);
  return server;
}
