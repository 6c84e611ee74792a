// What the built-in LLM manager (configured from the environment, as for Ollama or vLLM) sends an
// OpenAI-compatible server and reads back, against the test server run as its own process:
// streamed chunks become deltas, a tool call split over chunks becomes the reply's plan.
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedTeamProfile } from "@/lib/teams/profile";
import { SEED_TEAMS } from "@/lib/teams/seed-organisation";
import { createLlmManager } from "@/server/managers/llm";
import { PROPOSE_TOOL } from "@/server/managers/llm/proposal";
import { llmConfigFromEnv } from "@/server/managers/llm/provider";
import type { ManagerEvent } from "@/server/managers/types";
import { collect } from "@/test/elf/support";
import { testDraft } from "@/test/fixtures/plan-draft";
import { startModelServer, type ModelServer } from "@/test/support/openai-server";
import { API_KEY, MODEL } from "./llm-chat";

const WORDS = ["Happy ", "to ", "help. ", "What ", "is ", "the ", "deadline?"];
let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server?.stop());
beforeEach(() => server.reset({ apiKey: API_KEY, models: [MODEL] }));

async function openManager() {
  const config = llmConfigFromEnv({
    OPENAI_BASE_URL: server.baseUrl,
    OPENAI_API_KEY: API_KEY,
    LLM_MODEL: MODEL,
    ANTHROPIC_API_KEY: undefined,
    LLM_TOOLS: "auto",
    ORG_TIMEZONE: "Europe/Paris",
  })!;
  expect(config.label).toBe(`${MODEL} at ${new URL(server.url).host}`);
  const team = seedTeamProfile(SEED_TEAMS, "executive-team")!;
  return createLlmManager(config, { logger: pino({ level: "silent" }) }).open({
    team,
    user: { id: "u1", role: "user" },
    sessionId: "s1",
  });
}

const deltas = (events: ManagerEvent[]) =>
  events.flatMap((e) => (e.type === "delta" ? [e.text] : []));

describe("LLM manager on the chat-completions wire", () => {
  it("sends the key, the model and its brief, asks for usage, and streams the chunks as deltas", async () => {
    await server.script({ type: "text", text: WORDS.join("") });
    const connection = await openManager();
    const events = await collect(
      connection.reply(
        [{ role: "user", content: "Plan our launch" }],
        new AbortController().signal,
      ),
    );
    expect(events[0]).toEqual({ type: "thinking" });
    expect(deltas(events)).toEqual(WORDS);

    const [request] = await server.completions();
    expect(events.at(-1)).toEqual({
      type: "done",
      content: WORDS.join(""),
      tokens: request!.usage!.total_tokens,
    });
    expect(request!.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request!.body).toMatchObject({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      tool_choice: "auto",
    });
    const [system, user] = request!.body!.messages!;
    expect(system!.role).toBe("system");
    expect(system!.content).toContain("Chief Executive Officer of Executive Leadership Team");
    expect(system!.content).toContain("engineering-team");
    expect(user).toEqual({ role: "user", content: "Plan our launch" });
  });

  it("offers propose_delegation as a function tool and reads a tool call split over chunks back as the plan", async () => {
    await server.script({
      type: "tool_call",
      name: PROPOSE_TOOL,
      arguments: testDraft(),
      text: WORDS.join(""),
      pieces: 7,
    });
    const connection = await openManager();
    const events = await collect(
      connection.reply([{ role: "user", content: "Go ahead" }], new AbortController().signal),
    );
    expect(deltas(events)).toEqual(WORDS);
    expect(events.at(-1)).toMatchObject({
      type: "done",
      content: WORDS.join(""),
      draft: testDraft(),
    });

    const [request] = await server.completions();
    const tool = request!.body!.tools?.find((t) => t.function.name === PROPOSE_TOOL);
    expect((tool?.function.parameters as { required: string[] }).required).toEqual(
      expect.arrayContaining(["title", "objective", "subtasks"]),
    );
  });
});
