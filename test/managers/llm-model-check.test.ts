// At start, the configured model server is checked (GET /v1/models): a wrong address, key or
// model is named in the log, without holding up the start. Against the OpenAI-compatible test
// server run as its own process.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkModelServer } from "@/server/managers/llm/model-check";
import { llmConfigFromEnv } from "@/server/managers/llm/provider";
import { API_KEY, closedPort, MODEL, problems, startLlmChat, type LlmChat } from "./llm-chat";

let chat: LlmChat;
beforeAll(async () => {
  chat = await startLlmChat(inject("pgAdminUrl"));
});
afterAll(() => chat?.close());

const configFor = (env: { OPENAI_BASE_URL: string; OPENAI_API_KEY?: string; LLM_MODEL?: string }) =>
  llmConfigFromEnv({
    OPENAI_API_KEY: API_KEY,
    LLM_MODEL: MODEL,
    ANTHROPIC_API_KEY: undefined,
    LLM_TOOLS: "auto",
    ORG_TIMEZONE: "UTC",
    ...env,
  })!;

/** A TCP server that takes connections and never answers. */
async function silentServer(): Promise<Server & { port: number }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(server, { port: (server.address() as { port: number }).port });
}

describe("model server check", () => {
  it("passes for the right address, key and model", async () => {
    expect(await checkModelServer(configFor({ OPENAI_BASE_URL: chat.model.baseUrl }))).toEqual({
      ok: true,
      models: [MODEL],
    });
  });

  it("names the variable to fix for a wrong key, model or address", async () => {
    const base = chat.model.baseUrl;
    const host = new URL(base).host;
    expect(
      await checkModelServer(configFor({ OPENAI_BASE_URL: base, OPENAI_API_KEY: "sk-wrong-1234" })),
    ).toEqual({
      ok: false,
      problem: "key",
      message: `the model server at ${host}/v1/models refused the API key (HTTP 401); check OPENAI_API_KEY`,
    });
    expect(
      await checkModelServer(configFor({ OPENAI_BASE_URL: base, LLM_MODEL: "llama3.1" })),
    ).toEqual({
      ok: false,
      problem: "model",
      message: `the model server at ${host}/v1/models does not serve "llama3.1"; it serves ${MODEL}. Check LLM_MODEL`,
    });
    expect(await checkModelServer(configFor({ OPENAI_BASE_URL: chat.model.url }))).toMatchObject({
      ok: false,
      problem: "address",
      message: expect.stringMatching(
        /^GET .*\/models answered HTTP 404: .*check OPENAI_BASE_URL, which usually ends in \/v1/,
      ),
    });
    const port = await closedPort();
    expect(
      await checkModelServer(configFor({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` })),
    ).toEqual({
      ok: false,
      problem: "unreachable",
      message: `the model server at 127.0.0.1:${port}/v1/models cannot be reached (ECONNREFUSED); check OPENAI_BASE_URL`,
    });
  });

  it("runs when the Control Center starts, logs what is wrong without the key, and does not hold up the start", async () => {
    await chat.resetModel({ apiKey: "sk-a-different-key" });
    const logsBefore = chat.logs.length;
    await chat.harness.restart();
    const warned = async () =>
      problems(chat.logs.slice(logsBefore)).find((e) =>
        e.msg.startsWith("model server check failed"),
      );
    for (let waited = 0; !(await warned()) && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await warned())?.msg).toContain("refused the API key (HTTP 401); check OPENAI_API_KEY");
    expect(JSON.stringify(chat.logs)).not.toContain(API_KEY);

    // A server that never answers: the Control Center is up while the check still waits.
    const silent = await silentServer();
    try {
      const since = chat.logs.length;
      await chat.harness.restart({ OPENAI_BASE_URL: `http://127.0.0.1:${silent.port}/v1` });
      const { client } = await chat.connect();
      expect(client.connected).toBe(true);
      expect(chat.logs.slice(since).filter((e) => e.msg.startsWith("model server"))).toEqual([]);
    } finally {
      await chat.harness.restart();
      silent.close();
    }
    await chat.resetModel();
  });
});
