// The chat-completions wire format as OpenAI documents it: streamed chunks, whole completions,
// the usage chunk of stream_options.include_usage, and error bodies.
import type { ServerResponse } from "node:http";

export const CREATED = 1_767_225_600;

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { "content-type": "application/json", ...headers })
    .end(JSON.stringify(body));
}

/** OpenAI's error body. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: { message: string; type: string; param?: string | null; code?: string | number | null },
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    {
      error: {
        message: error.message,
        type: error.type,
        param: error.param ?? null,
        code: error.code ?? null,
      },
    },
    headers,
  );
}

/** A `chat.completion.chunk` writer for one streamed answer. */
export function chunkWriter(res: ServerResponse, model: string, includeUsage: boolean) {
  const id = `chatcmpl-${Math.random().toString(36).slice(2, 12)}`;
  const write = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  const chunk = (delta: object, finishReason: string | null = null) =>
    write({
      id,
      object: "chat.completion.chunk",
      created: CREATED,
      model,
      system_fingerprint: "fp_test",
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      // With include_usage, every chunk carries usage: null; the last one before [DONE] the counts.
      ...(includeUsage ? { usage: null } : {}),
    });
  return {
    start: () => {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      chunk({ role: "assistant", content: "", refusal: null });
    },
    text: (content: string) => chunk({ content }),
    /** The call's first chunk names it; the rest carry only `index` and more of the arguments. */
    toolCall: (call: ToolCall, pieces: number) => {
      const size = Math.ceil(call.arguments.length / pieces) || 1;
      for (
        let at = 0, first = true;
        first || at < call.arguments.length;
        at += size, first = false
      ) {
        const part = call.arguments.slice(at, at + size);
        chunk({
          tool_calls: [
            first
              ? {
                  index: 0,
                  id: call.id,
                  type: "function",
                  function: { name: call.name, arguments: part },
                }
              : { index: 0, function: { arguments: part } },
          ],
        });
      }
    },
    finish: (reason: "stop" | "tool_calls", usage: Usage) => {
      chunk({}, reason);
      if (includeUsage)
        write({ id, object: "chat.completion.chunk", created: CREATED, model, choices: [], usage });
      res.end("data: [DONE]\n\n");
    },
    raw: (line: string) => res.write(`${line}\n\n`),
    write,
  };
}

/** A whole (non-streamed) `chat.completion`. */
export function completion(
  model: string,
  content: string,
  toolCall: ToolCall | null,
  usage: Usage,
) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2, 12)}`,
    object: "chat.completion",
    created: CREATED,
    model,
    system_fingerprint: "fp_test",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: content || null,
          refusal: null,
          ...(toolCall
            ? {
                tool_calls: [
                  {
                    id: toolCall.id,
                    type: "function",
                    function: { name: toolCall.name, arguments: toolCall.arguments },
                  },
                ],
              }
            : {}),
        },
        logprobs: null,
        finish_reason: toolCall ? "tool_calls" : "stop",
      },
    ],
    usage,
  };
}

/** Word-sized pieces that join back to `text`, as a model streams them. */
export const words = (text: string): string[] => text.match(/^\s+|\S+\s*/g) ?? [];
