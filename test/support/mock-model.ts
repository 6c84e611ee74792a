// A language model at the edge of the world: the AI SDK's own mock, streaming scripted text.
import type { LanguageModelV3StreamPart as StreamPart } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV3 } from "ai/test";

const usage = (output: number) => ({
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

export function textChunks(text: string): StreamPart[] {
  const words = text.split(/(?<= )/);
  return [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: "t" },
    ...words.map((delta) => ({ type: "text-delta", id: "t", delta })),
    { type: "text-end", id: "t" },
    { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(words.length) },
  ] as StreamPart[];
}

/** A model that answers every call with `reply(callIndex)`, one word per `chunkDelayInMs`. */
export function scriptedModel(
  reply: (call: number) => string | Error,
  chunkDelayInMs = 0,
): MockLanguageModelV3 {
  let calls = 0;
  return new MockLanguageModelV3({
    doStream: async ({ abortSignal }) => {
      const answer = reply(calls++);
      if (answer instanceof Error) throw answer;
      const stream = simulateReadableStream<StreamPart>({
        chunks: textChunks(answer),
        chunkDelayInMs,
        initialDelayInMs: 0,
      });
      // Honour aborts like a real HTTP stream would.
      abortSignal?.addEventListener("abort", () => void stream.cancel().catch(() => {}));
      return { stream };
    },
  });
}

/** A turn in which the model writes `text` (if any), then calls `toolName` with `input`. */
export function toolCallChunks(toolName: string, input: unknown, text = ""): StreamPart[] {
  const words = text ? text.split(/(?<= )/) : [];
  return [
    { type: "stream-start", warnings: [] },
    ...(words.length
      ? [
          { type: "text-start", id: "t" },
          ...words.map((delta) => ({ type: "text-delta", id: "t", delta })),
          { type: "text-end", id: "t" },
        ]
      : []),
    {
      type: "tool-call",
      toolCallId: `call-${Math.random().toString(36).slice(2)}`,
      toolName,
      input: JSON.stringify(input),
    },
    {
      type: "finish",
      finishReason: { unified: "tool-calls", raw: "tool_calls" },
      usage: usage(words.length + 1),
    },
  ] as StreamPart[];
}

/** A model that streams `turn(callIndex)`: text chunks, tool calls, whatever the test scripts. */
export function scriptedTurnsModel(turn: (call: number) => StreamPart[]): MockLanguageModelV3 {
  let calls = 0;
  return new MockLanguageModelV3({
    doStream: async () => ({
      stream: simulateReadableStream<StreamPart>({
        chunks: turn(calls++),
        chunkDelayInMs: 0,
        initialDelayInMs: 0,
      }),
    }),
  });
}
