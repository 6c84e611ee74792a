// The Control Center in this process with its built-in LLM manager configured from the
// environment (OPENAI_BASE_URL, as for vLLM or Ollama) against the OpenAI-compatible test server,
// run as its own process; its log lines are kept for tests to read.
import { createServer } from "node:net";
import pino from "pino";
import type { ChatMessage } from "@/lib/protocol";
import { startChatHarness, type ChatClient, type ChatHarness } from "@/test/support/chat-harness";
import {
  startModelServer,
  type ModelServer,
  type ServerConfig,
} from "@/test/support/openai-server";

export const API_KEY = "sk-test-4hR8vN2pLw6QXJZ";
export const MODEL = "test-model";
export const TEAM = "executive-team";

export type LogEntry = Record<string, unknown> & { level: number; msg: string };

export interface LlmChat {
  model: ModelServer;
  harness: ChatHarness;
  logs: LogEntry[];
  /** The variables the Control Center runs with (without the test's own). */
  env: Record<string, string>;
  /** Sets the model server up anew: the right key and model unless `config` says otherwise. */
  resetModel(config?: ServerConfig): Promise<void>;
  /** A new user's session with the team, through a real Socket.IO client. */
  connect(team?: string): ReturnType<ChatHarness["connect"]>;
  close(): Promise<void>;
}

export async function startLlmChat(
  adminUrl: string,
  env: Record<string, string> = {},
): Promise<LlmChat> {
  const base = { apiKey: API_KEY, models: [MODEL] };
  const model = await startModelServer(base);
  const logs: LogEntry[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void logs.push(JSON.parse(line)) },
  );
  const chatEnv = {
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: API_KEY,
    LLM_MODEL: MODEL,
    ...env,
  };
  const harness = await startChatHarness(adminUrl, { env: chatEnv, logger }).catch(
    async (error: unknown) => {
      await model.stop();
      throw error;
    },
  );
  return {
    model,
    harness,
    logs,
    env: chatEnv,
    resetModel: (config = {}) => model.reset({ ...base, ...config }),
    async connect(team = TEAM) {
      const user = await harness.createUser("user");
      return harness.connect(await harness.token(user, team));
    },
    async close() {
      await harness.close();
      await model.stop();
    },
  };
}

export interface Exchange {
  /** Every message the room got, up to and including `last`. */
  messages: ChatMessage[];
  /** The reply's text as it streamed. */
  deltas: string[];
  /** The stored reply, or the system message saying why there is none. */
  last: ChatMessage;
}

/** Sends `text` and waits until the answer (or the reason there is none) is stored. */
export function exchange(client: ChatClient, text: string, timeoutMs = 20_000): Promise<Exchange> {
  const messages: ChatMessage[] = [];
  const deltas: string[] = [];
  const onDelta = ({ delta }: { delta: string }) => deltas.push(delta);
  let onMessage: (message: ChatMessage) => void = () => {};
  const done = new Promise<Exchange>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer to "${text}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    onMessage = (message) => {
      messages.push(message);
      const isFinal =
        message.role === "system" ||
        (message.role === "assistant" && !message.metadata.interrupted);
      if (!isFinal) return;
      clearTimeout(timer);
      resolve({ messages, deltas, last: message });
    };
  });
  client.on("chat:delta", onDelta);
  client.on("chat:message", onMessage);
  return client
    .emitWithAck("chat:send", { text })
    .then((ack) => {
      if (!ack.ok) throw new Error(`chat:send refused: ${ack.error.message}`);
      return done;
    })
    .finally(() => {
      client.off("chat:delta", onDelta);
      client.off("chat:message", onMessage);
    });
}

/** Log lines at warn or above. */
export const problems = (logs: LogEntry[]) => logs.filter((entry) => entry.level >= 40);

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
