// Every way an OpenAI-compatible model server fails, driven through the chat socket against the
// test server run as its own process: each shows the person its own reason (the server's own
// words when it gave some), leaves a warn or error log line with the team, session, model and
// status, and never shows or logs the API key. What was shown before a cut stays in history.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { selectMessages } from "@/lib/chat/queries";
import type { Turn } from "@/test/support/openai-server";
import { nextEvent } from "@/test/support/chat-harness";
import {
  API_KEY,
  closedPort,
  exchange,
  MODEL,
  problems,
  startLlmChat,
  TEAM,
  type LlmChat,
} from "./llm-chat";

let chat: LlmChat;
beforeAll(async () => {
  chat = await startLlmChat(inject("pgAdminUrl"));
});
afterAll(() => chat?.close());
beforeEach(() => chat.resetModel());

interface FailureCase {
  name: string;
  turns?: Turn[];
  server?: Parameters<LlmChat["resetModel"]>[0];
  reason: string;
  status: number | null;
  level: "warn" | "error";
}

const CASES: FailureCase[] = [
  {
    name: "a refused request, in the server's own words",
    turns: [
      {
        type: "error",
        status: 400,
        message: "Invalid value for 'temperature': must be at most 2.",
        param: "temperature",
      },
    ],
    reason:
      "the model server refused the request (HTTP 400: Invalid value for 'temperature': must be at most 2.)",
    status: 400,
    level: "error",
  },
  {
    name: "a refused key",
    server: { apiKey: "sk-another-key-0000" },
    reason: "the model server refused the API key (HTTP 401)",
    status: 401,
    level: "error",
  },
  {
    name: "a model the server does not have",
    server: { models: ["llama3.1"] },
    reason: `the model server refused the request (HTTP 404: The model \`${MODEL}\` does not exist or you do not have access to it.)`,
    status: 404,
    level: "error",
  },
  {
    name: "rate limiting, retried once after the wait the server asked for",
    turns: [0, 1].map(() => ({
      type: "error" as const,
      status: 429,
      message: "Rate limit reached for requests",
      errorType: "requests",
      code: "rate_limit_exceeded",
      retryAfter: 1,
    })),
    reason:
      "the model server is rate-limiting requests (HTTP 429: Rate limit reached for requests); try again in 1 s; tried 2 times",
    status: 429,
    level: "warn",
  },
  {
    name: "a server error, retried once",
    turns: [0, 1].map(() => ({
      type: "error" as const,
      status: 500,
      message: "The server had an error while processing your request. Sorry about that!",
      errorType: "server_error",
    })),
    reason:
      "the model server failed (HTTP 500: The server had an error while processing your request. Sorry about that!); tried 2 times",
    status: 500,
    level: "error",
  },
  {
    name: "an overloaded server, retried once",
    turns: [0, 1].map(() => ({
      type: "error" as const,
      status: 503,
      message: "The engine is currently overloaded, please try again later",
      errorType: "server_error",
    })),
    reason:
      "the model server is unavailable right now (HTTP 503: The engine is currently overloaded, please try again later); tried 2 times",
    status: 503,
    level: "error",
  },
  {
    name: "a stream cut midway",
    turns: [{ type: "cut", text: "Happy to help. Let me think about the" }],
    reason: "the model server's answer was cut off midway",
    status: null,
    level: "error",
  },
  {
    name: "a garbage stream",
    turns: [{ type: "garbage", text: "Sure, " }],
    reason: "the model server sent a stream that is not valid chat-completions data",
    status: null,
    level: "error",
  },
  {
    name: "an empty answer",
    turns: [{ type: "text", text: "" }],
    reason: "the model's answer was empty",
    status: null,
    level: "error",
  },
  {
    name: "an error sent inside the stream",
    turns: [
      { type: "stream_error", text: "Working on ", message: "The model produced invalid content." },
    ],
    reason: "the model server failed while answering: The model produced invalid content.",
    status: null,
    level: "error",
  },
];

describe("built-in LLM manager: failures of the model server", () => {
  it.each(CASES)("shows $name as its own reason, with a log line", async (failure) => {
    await chat.resetModel(failure.server);
    if (failure.turns) await chat.model.script(...failure.turns);
    const { client, ready } = await chat.connect();
    const unavailable = nextEvent(client, "chat:status", (s) => s.state === "unavailable", 20_000);
    const logsBefore = chat.logs.length;

    const { last } = await exchange(client, "Plan our launch");

    expect(last).toMatchObject({
      role: "system",
      content: `The manager could not answer: ${failure.reason}.`,
    });
    expect((await unavailable).reason).toBe(failure.reason);
    const logged = problems(chat.logs.slice(logsBefore)).filter((e) =>
      e.msg.includes(failure.reason),
    );
    expect(logged).toEqual([
      expect.objectContaining({
        level: failure.level === "warn" ? 40 : 50,
        team: TEAM,
        sessionId: ready.session.id,
        model: MODEL,
        status: failure.status,
      }),
    ]);
    // The server may echo part of the key (OpenAI does on a 401): neither is shown nor logged.
    const said = JSON.stringify([last, chat.logs.slice(logsBefore)]);
    expect(said).not.toContain(API_KEY);
    expect(said).not.toContain(API_KEY.slice(-4));
  });

  it("keeps what was shown before a cut in history, then answers again once the server does", async () => {
    await chat.model.script({ type: "cut", text: "Happy to help. Let me think about the" });
    const { client, ready } = await chat.connect();
    const cut = await exchange(client, "Plan our launch");
    expect(cut.deltas.join("")).toBe("Happy to help. Let me think about the");
    const stored = await selectMessages(chat.harness.db.sql, ready.session.id);
    expect(
      stored.slice(-2).map((m) => [m.role, m.content, m.metadata.interrupted ?? null]),
    ).toEqual([
      ["assistant", "Happy to help. Let me think about the", true],
      [
        "system",
        "The manager could not answer: the model server's answer was cut off midway.",
        null,
      ],
    ]);

    await chat.model.script({ type: "text", text: "What is the deadline?" });
    expect((await exchange(client, "Hello?")).last).toMatchObject({
      role: "assistant",
      content: "What is the deadline?",
    });
    // The model is told what it had said before the cut.
    const [, retry] = await chat.model.completions();
    expect(retry!.body!.messages!.slice(1)).toEqual([
      { role: "user", content: "Plan our launch" },
      { role: "assistant", content: "Happy to help. Let me think about the" },
      { role: "user", content: "Hello?" },
    ]);
  });

  it("names an unreachable server by its address", async () => {
    const port = await closedPort();
    await chat.harness.restart({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    try {
      const { client, ready } = await chat.connect();
      const logsBefore = chat.logs.length;
      const { last } = await exchange(client, "Plan our launch");
      const reason = `the model server at 127.0.0.1:${port} could not be reached (connection refused); tried 2 times`;
      expect(last.content).toBe(`The manager could not answer: ${reason}.`);
      expect(problems(chat.logs.slice(logsBefore))).toContainEqual(
        expect.objectContaining({
          level: 50,
          team: TEAM,
          sessionId: ready.session.id,
          model: MODEL,
          status: null,
          msg: `language model failed: ${reason}`,
        }),
      );
    } finally {
      await chat.harness.restart();
    }
  });
});
