// What the built-in LLM manager sends the model, through the chat socket against the
// OpenAI-compatible test server: a conversation that strictly alternates (a server with Mistral's
// or Gemma's chat template refuses nothing, whatever failed or was stopped), the plan as the
// person edited it, and the token counts the server reports.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { selectMessages } from "@/lib/chat/queries";
import { testDraft } from "@/test/fixtures/plan-draft";
import { nextEvent } from "@/test/support/chat-harness";
import type { RecordedRequest } from "@/test/support/openai-server";
import { PROPOSE_TOOL } from "@/server/managers/llm/proposal";
import { exchange, startLlmChat, type LlmChat } from "./llm-chat";

let chat: LlmChat;
beforeAll(async () => {
  chat = await startLlmChat(inject("pgAdminUrl"));
});
afterAll(() => chat?.close());
beforeEach(() => chat.resetModel());

const ALTERNATION = "conversation roles must alternate";

/** Resolves once `condition` holds, checking every 20 ms for at most 5 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (const started = Date.now(); !(await condition());) {
    if (Date.now() - started > 5_000) throw new Error("condition not met within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const conversation = (r: RecordedRequest) =>
  r.body!.messages!.filter((m) => m.role === "user" || (m.role === "assistant" && !m.tool_calls));

describe("built-in LLM manager: the conversation it sends", () => {
  it("strictly alternates, so a strict chat template refuses nothing after failed, stopped and cut turns", async () => {
    await chat.resetModel({ strictAlternation: true });
    const { client, ready } = await chat.connect();
    expect(ready.history.map((m) => m.role)).toEqual(["assistant"]); // the greeting

    // A failed turn: nothing answered, so the next message follows the user's own.
    await chat.model.script({
      type: "error",
      status: 400,
      message: "This model's maximum context length is 8192 tokens.",
      code: "context_length_exceeded",
    });
    const failed = await exchange(client, "Plan our product launch");
    // The server took the conversation (greeting first) and failed as scripted, not for its shape.
    expect((await chat.model.completions())[0]!.error).toBe(
      "This model's maximum context length is 8192 tokens.",
    );
    expect(failed.last.role).toBe("system");

    // Stopped once the model was asked but before its first word, then after a few words: the
    // second keeps its words.
    for (const when of ["before", "after"]) {
      await chat.model.script({
        type: "text",
        text: "Let me think this through carefully.",
        delayMs: 300,
      });
      const asked = (await chat.model.completions()).length + 1;
      const firstWord = nextEvent(client, "chat:delta");
      await client.emitWithAck("chat:send", { text: `Still there? (${when})` });
      if (when === "before")
        await until(async () => (await chat.model.completions()).length === asked);
      else await firstWord;
      expect(await client.emitWithAck("chat:stop", {})).toEqual({
        ok: true,
        data: { stopped: true },
      });
    }

    // A stream cut midway keeps what was shown.
    await chat.model.script({ type: "cut", text: "The launch needs a campaign and" });
    expect((await exchange(client, "Go on")).last.role).toBe("system");

    // A refused proposal and its correction, then a plain answer.
    await chat.model.script(
      {
        type: "tool_call",
        name: PROPOSE_TOOL,
        arguments: { ...testDraft(), subtasks: [] },
        text: "Here it is.",
      },
      { type: "tool_call", name: PROPOSE_TOOL, arguments: testDraft() },
      { type: "text", text: "Anything else?" },
    );
    const preview = nextEvent(client, "delegation:preview");
    await exchange(client, "Propose the plan");
    await preview;
    expect((await exchange(client, "No, thanks")).last.content).toBe("Anything else?");

    const requests = await chat.model.completions();
    expect(requests).toHaveLength(7);
    expect(requests.filter((r) => r.error?.includes(ALTERNATION))).toEqual([]);
    expect(requests.map((r) => r.status)).toEqual([400, 200, 200, 200, 200, 200, 200]);
    const last = requests.at(-1)!;
    expect(conversation(last)).toEqual([
      {
        role: "user",
        content: "Plan our product launch\n\nStill there? (before)\n\nStill there? (after)",
      },
      { role: "assistant", content: expect.stringMatching(/^Let /) },
      { role: "user", content: "Go on" },
      { role: "assistant", content: "The launch needs a campaign and" },
      { role: "user", content: "Propose the plan" },
      { role: "assistant", content: "Here it is." },
      { role: "user", content: "No, thanks" },
    ]);
    // The greeting is not a message of its own, but the model knows it opened with it.
    expect(String(last.body!.messages![0]!.content)).toContain(
      `You opened this conversation with: "${ready.history[0]!.content}"`,
    );
  });

  it("shows the model the plan as the person edited it, in the next request", async () => {
    const { client } = await chat.connect();
    await chat.model.script({
      type: "tool_call",
      name: PROPOSE_TOOL,
      arguments: testDraft(),
      text: "Here is the plan.",
    });
    const proposed = nextEvent(client, "delegation:preview");
    await exchange(client, "Launch the analytics product, 500 sign-ups, by year end.");
    const plan = await proposed;

    const [first, ...rest] = plan.subtasks;
    const edited = await client.emitWithAck("delegation:update", {
      plan_id: plan.id,
      version: plan.version,
      draft: {
        ...testDraft(),
        title: "Launch analytics (edited)",
        subtasks: [{ ...first!, team: "finance-team" }, ...rest],
      },
    });
    expect(edited).toMatchObject({ ok: true, data: { version: 2 } });

    await chat.model.script({ type: "text", text: "Noted: subtask 1 now sits with Finance." });
    await exchange(client, "I moved subtask 1 to Finance. Is that all right?");
    const system = String((await chat.model.completions()).at(-1)!.body!.messages![0]!.content);
    expect(system).toContain("The plan the person sees now is version 2");
    const shown = JSON.parse(/```json\n(.*)\n```/.exec(system)![1]!) as ReturnType<
      typeof testDraft
    >;
    expect(shown.title).toBe("Launch analytics (edited)");
    expect(shown.subtasks.map((s) => [s.id, s.team])).toEqual([
      ["s1", "finance-team"],
      ["s2", "engineering-team"],
    ]);
  });

  it("stores the token count the server reports for a reply", async () => {
    const { client, ready } = await chat.connect();
    await chat.model.script({ type: "text", text: "What is the deadline?" });
    await exchange(client, "Plan our launch");
    const [request] = await chat.model.completions();
    expect(request!.body!.stream_options).toEqual({ include_usage: true });
    const reply = (await selectMessages(chat.harness.db.sql, ready.session.id)).at(-1)!;
    expect(reply.content).toBe("What is the deadline?");
    expect(reply.token_count).toBe(request!.usage!.total_tokens);
  });
});
