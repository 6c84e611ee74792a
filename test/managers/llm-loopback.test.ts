// The LLM manager over real HTTP against a loopback OpenAI-compatible server (as Ollama or vLLM
// would be): streamed chunks become deltas, and provider failures become clear, key-free reasons.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTeamProfile } from "@/lib/teams/profile";
import { SEED_TEAMS } from "@/lib/teams/seed-organisation";
import { createLlmManager } from "@/server/managers/llm";
import { PROPOSE_TOOL } from "@/server/managers/llm/proposal";
import { llmConfigFromEnv } from "@/server/managers/llm/provider";
import { ManagerUnavailableError } from "@/server/managers/types";
import { collect } from "@/test/elf/support";
import { testDraft } from "@/test/fixtures/plan-draft";

const KEY = "sk-loopback-secret-key-0123456789";
const WORDS = ["Happy ", "to ", "help. ", "What ", "is ", "the ", "deadline?"];
let server: Server;
let baseUrl: string;
const requests: Array<{
  path: string;
  authorization?: string;
  body: {
    model: string;
    stream: boolean;
    messages: Array<{ role: string; content: string }>;
    tools?: Array<{ function: { name: string; parameters: { required: string[] } } }>;
  };
}> = [];
let status = 200;
/** When set, the model answers by calling propose_delegation with this plan, in two argument chunks. */
let proposal: object | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      requests.push({
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body: JSON.parse(raw),
      });
      if (status !== 200) {
        res
          .writeHead(status, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (delta: object, finish: string | null, extra: object = {}) =>
        res.write(
          `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "loop", choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
        );
      chunk({ role: "assistant", content: "" }, null);
      for (const word of WORDS) chunk({ content: word }, null);
      if (proposal) {
        const args = JSON.stringify(proposal);
        const half = Math.floor(args.length / 2);
        chunk(
          {
            tool_calls: [
              {
                index: 0,
                id: "call_1",
                type: "function",
                function: { name: PROPOSE_TOOL, arguments: args.slice(0, half) },
              },
            ],
          },
          null,
        );
        chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }, null);
      }
      chunk({}, proposal ? "tool_calls" : "stop", {
        usage: { prompt_tokens: 40, completion_tokens: 7, total_tokens: 47 },
      });
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function openManager() {
  const config = llmConfigFromEnv({
    OPENAI_BASE_URL: baseUrl,
    OPENAI_API_KEY: KEY,
    LLM_MODEL: "loop",
    ANTHROPIC_API_KEY: undefined,
  });
  expect(config?.label).toBe(`loop at ${new URL(baseUrl).host}`);
  const team = seedTeamProfile(SEED_TEAMS, "executive-team")!;
  return createLlmManager(config!).open({
    team,
    user: { id: "u1", role: "user" },
    sessionId: "s1",
  });
}

describe("LLM manager against an OpenAI-compatible server", () => {
  it("streams the model's chunks as deltas and reports its token usage", async () => {
    status = 200;
    const connection = await openManager();
    const events = await collect(
      connection.reply(
        [{ role: "user", content: "Plan our launch" }],
        new AbortController().signal,
      ),
    );
    expect(events[0]).toEqual({ type: "thinking" });
    expect(
      events.filter((e) => e.type === "delta").map((e) => (e as { text: string }).text),
    ).toEqual(WORDS);
    expect(events.at(-1)).toEqual({ type: "done", content: WORDS.join(""), tokens: 47 });

    const request = requests.at(-1)!;
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body).toMatchObject({ model: "loop", stream: true });
    const [system, user] = request.body.messages;
    expect(system!.role).toBe("system");
    expect(system!.content).toContain("Chief Executive Officer of Executive Leadership Team");
    expect(system!.content).toContain("engineering-team");
    expect(user).toEqual({ role: "user", content: "Plan our launch" });
  });

  it("turns a refused key into a clear reason that does not repeat the key", async () => {
    status = 401;
    const connection = await openManager();
    const failure = await collect(
      connection.reply([{ role: "user", content: "Hello" }], new AbortController().signal),
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ManagerUnavailableError);
    expect((failure as ManagerUnavailableError).reason).toBe(
      "the model provider refused the API key",
    );
    expect((failure as Error).message).not.toContain(KEY);
  });

  it("offers propose_delegation as a function tool and reads a streamed tool call back as the reply's plan", async () => {
    status = 200;
    proposal = testDraft();
    try {
      const connection = await openManager();
      const events = await collect(
        connection.reply([{ role: "user", content: "Go ahead" }], new AbortController().signal),
      );
      expect(events.at(-1)).toEqual({
        type: "done",
        content: WORDS.join(""),
        tokens: 47,
        draft: testDraft(),
      });
      const tool = requests.at(-1)!.body.tools?.find((t) => t.function.name === PROPOSE_TOOL);
      expect(tool?.function.parameters.required).toEqual(
        expect.arrayContaining(["title", "objective", "subtasks"]),
      );
    } finally {
      proposal = null;
    }
  });
});
