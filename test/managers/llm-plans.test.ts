// How the built-in LLM manager reaches a plan on the servers people run, through the chat socket
// against the OpenAI-compatible test server: a deadline in words becomes a date in the
// organisation's time zone; without tool calls (LLM_TOOLS=off, or a server that refuses them) a
// plan still arrives; a plan the model gets wrong shows the reasons and the true attempt count.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { RecordedRequest } from "@/test/support/openai-server";
import { nextEvent } from "@/test/support/chat-harness";
import { testDraft } from "@/test/fixtures/plan-draft";
import { PLAN_READY } from "@/server/managers/llm/plan-marker";
import { PROPOSE_TOOL } from "@/server/managers/llm/proposal";
import { exchange, problems, startLlmChat, type LlmChat } from "./llm-chat";

const ZONE = "Pacific/Auckland";
let chat: LlmChat;
beforeAll(async () => {
  chat = await startLlmChat(inject("pgAdminUrl"), { ORG_TIMEZONE: ZONE });
});
afterAll(() => chat?.close());
beforeEach(() => chat.resetModel());

const systemPrompt = (request: RecordedRequest) => String(request.body!.messages![0]!.content);
const offersTools = (request: RecordedRequest) => (request.body!.tools?.length ?? 0) > 0;

/** A date's calendar day and weekday in `timeZone`. */
function dayIn(timeZone: string, at: Date) {
  const [weekday, date] = [
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long" }).format(at),
    new Intl.DateTimeFormat("en-CA", { timeZone }).format(at),
  ];
  return { weekday, date };
}

describe("built-in LLM manager: dates", () => {
  it("knows today in the organisation's time zone, and a deadline said in words arrives as a date", async () => {
    const { client } = await chat.connect();
    await chat.model.script({
      type: "tool_call",
      name: PROPOSE_TOOL,
      arguments: testDraft({ deadline: "by Friday" }),
      text: "Here is the plan.",
    });
    const preview = nextEvent(client, "delegation:preview");
    await exchange(client, "Launch the analytics product by Friday, 500 sign-ups.");

    const today = dayIn(ZONE, new Date());
    const [request] = await chat.model.completions();
    expect(systemPrompt(request!)).toContain(`(${today.date})`);
    expect(systemPrompt(request!)).toContain(`organisation's time zone, ${ZONE} (UTC+1`);

    const { deadline } = await preview;
    expect(deadline).toMatch(/^\d{4}-\d{2}-\d{2}T17:00:00\+1[23]:00$/);
    const due = dayIn(ZONE, new Date(deadline!));
    expect(due.weekday).toBe("Friday");
    const days = (Date.parse(due.date) - Date.parse(today.date)) / 86_400_000;
    // The coming Friday: a week on when today is Friday there.
    expect(days).toBeGreaterThan(0);
    expect(days).toBeLessThanOrEqual(7);
  });
});

describe("built-in LLM manager: plans without tool calls", () => {
  it("with LLM_TOOLS=off, asks for the plan as JSON once the model says it is ready", async () => {
    await chat.harness.restart({ LLM_TOOLS: "off" });
    try {
      const { client } = await chat.connect();
      await chat.model.script(
        { type: "text", text: `I have what I need; here is the plan.\n\n${PLAN_READY}` },
        { type: "text", text: JSON.stringify(testDraft()) },
      );
      const preview = nextEvent(client, "delegation:preview");
      const { last, deltas } = await exchange(client, "Launch it by the end of the quarter.");

      expect(await preview).toMatchObject({
        version: 1,
        title: testDraft().title,
        subtasks: testDraft().subtasks,
      });
      expect(last.content).toBe("I have what I need; here is the plan.\n\n");
      expect(deltas.join("")).not.toContain("PLAN");
      const requests = await chat.model.completions();
      expect(requests.map(offersTools)).toEqual([false, false]);
      expect(requests.map((r) => r.body!.stream === true)).toEqual([true, false]);
      expect(systemPrompt(requests[0]!)).toContain(PLAN_READY);
      // The JSON request continues the conversation: the reply, then the ask with the schema.
      const asked = requests[1]!.body!.messages!;
      expect(asked.at(-2)).toEqual({
        role: "assistant",
        content: "I have what I need; here is the plan.\n\n",
      });
      expect(String(asked.at(-1)!.content)).toContain('"subtasks"');
    } finally {
      await chat.harness.restart();
    }
  });

  it.each([
    ["vLLM without --enable-auto-tool-choice", "vllm" as const],
    ["an Ollama model without tool support", "ollama" as const],
  ])("falls back to plain text when %s refuses tools, and remembers it", async (_, tools) => {
    await chat.resetModel({ tools });
    const { client } = await chat.connect();
    await chat.model.script(
      { type: "text", text: `Understood, drafting it. ${PLAN_READY}` },
      { type: "text", text: `\`\`\`json\n${JSON.stringify(testDraft())}\n\`\`\`` },
      { type: "text", text: "Anything else?" },
    );
    const preview = nextEvent(client, "delegation:preview");
    const logsBefore = chat.logs.length;
    await exchange(client, "Launch it by the end of the quarter.");
    expect((await preview).title).toBe(testDraft().title);
    expect((await exchange(client, "Thanks")).last.content).toBe("Anything else?");

    const requests = await chat.model.completions();
    expect(requests.map((r) => [r.status, offersTools(r)])).toEqual([
      [400, true], // refused for naming tools, before a word was shown
      [200, false],
      [200, false],
      [200, false], // the next message does not try tools again
    ]);
    const warned = problems(chat.logs.slice(logsBefore));
    expect(warned).toEqual([expect.objectContaining({ level: 40, status: 400 })]);
    expect(warned[0]!.msg).toContain("--enable-auto-tool-choice");
    await chat.harness.restart(); // forgets the refusal, for the next test
  });
});

describe("built-in LLM manager: plans the model gets wrong", () => {
  it("shows the reasons, not the SDK's error text, after three refused proposals", async () => {
    const { client } = await chat.connect();
    const wrong = { ...testDraft(), subtasks: [], objective: undefined };
    await chat.model.script(
      ...[0, 1, 2].map(() => ({
        type: "tool_call" as const,
        name: PROPOSE_TOOL,
        arguments: wrong,
      })),
    );
    const { last } = await exchange(client, "Go ahead");
    expect(last.content).toBe(
      "I tried to put this into a plan you can review, but could not produce a valid one after 3 attempts (objective: is missing; subtasks: A plan needs at least one subtask.), so no plan is shown. Tell me what to change, or ask me to try again.",
    );
    // Each refusal went back to the model in words it can act on.
    const requests = await chat.model.completions();
    expect(requests).toHaveLength(3);
    const told = JSON.stringify(requests[2]!.body!.messages!.at(-1));
    expect(told).toContain("subtasks: A plan needs at least one subtask.");
  });

  it("counts the attempts the model really made", async () => {
    const { client } = await chat.connect();
    await chat.model.script(
      { type: "tool_call", name: PROPOSE_TOOL, arguments: '{"title": "Launch' },
      { type: "text", text: "Which teams should take part?" },
    );
    const { last } = await exchange(client, "Go ahead");
    expect(last.content).toBe(
      "Which teams should take part?\n\nI tried to put this into a plan you can review, but could not produce a valid one after 1 attempt (the plan's arguments were not valid JSON), so no plan is shown. Tell me what to change, or ask me to try again.",
    );
  });
});
