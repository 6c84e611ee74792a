// What a test tells the OpenAI-compatible test server: how the server behaves (its key, models,
// chat template and tool support) and what the "model" answers to each chat-completions request.
import { z } from "zod";

/** One answer, used up by one POST /v1/chat/completions that the server accepts. */
export const turnSchema = z.discriminatedUnion("type", [
  /** Text, streamed a word per chunk (or returned whole when the request does not stream). */
  z.object({
    type: z.literal("text"),
    text: z.string(),
    delayMs: z.number().int().min(0).default(0),
  }),
  /** Optional text, then one call of `name` whose JSON arguments arrive split over `pieces` chunks. */
  z.object({
    type: z.literal("tool_call"),
    name: z.string(),
    /** An object is sent as its JSON; a string is sent as it is (e.g. broken JSON). */
    arguments: z.unknown(),
    text: z.string().default(""),
    pieces: z.number().int().min(1).default(3),
  }),
  /** An HTTP error with OpenAI's body, {"error":{"message","type","param","code"}}. */
  z.object({
    type: z.literal("error"),
    status: z.number().int().min(400).max(599),
    message: z.string(),
    errorType: z.string().default("invalid_request_error"),
    param: z.string().nullable().default(null),
    code: z.string().nullable().default(null),
    /** Seconds, sent as the retry-after header. */
    retryAfter: z.number().int().min(0).optional(),
  }),
  /** Streams `text`, then the connection is destroyed without a finish chunk or [DONE]. */
  z.object({ type: z.literal("cut"), text: z.string() }),
  /** Streams `text`, then data lines that are not chat-completion chunks. */
  z.object({ type: z.literal("garbage"), text: z.string().default("") }),
  /** Streams `text`, then an error object as a data chunk (as OpenAI does when it fails mid-answer). */
  z.object({
    type: z.literal("stream_error"),
    text: z.string().default(""),
    message: z.string(),
  }),
]);
export type Turn = z.input<typeof turnSchema>;
export type ParsedTurn = z.output<typeof turnSchema>;

export const serverConfigSchema = z.object({
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey: z.string().nullable().default(null),
  /** The models GET /v1/models lists; a request for another one is answered 404. */
  models: z.array(z.string()).default(["test-model"]),
  /**
   * Refuse (400) messages that do not alternate user/assistant after the system message, as the
   * chat templates of Mistral and Gemma do under vLLM. Assistant messages with tool calls and tool
   * results do not count, as in Mistral's template.
   */
  strictAlternation: z.boolean().default(false),
  /**
   * "supported", or refuse requests with tools as vLLM does without --enable-auto-tool-choice, or
   * as Ollama does for a model without tool support.
   */
  tools: z.enum(["supported", "vllm", "ollama"]).default("supported"),
});
export type ServerConfig = z.input<typeof serverConfigSchema>;

/** What the server saw and did for one request, for tests to read back. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: {
    model?: string;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    messages?: Array<{ role: string; content: unknown; tool_calls?: unknown[] }>;
    tools?: Array<{ type: string; function: { name: string; parameters: unknown } }>;
    tool_choice?: unknown;
  } | null;
  status: number;
  /** The error message it was answered with, if any. */
  error: string | null;
  /** The usage the server reported for it, when it did. */
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  /** The client went away before the answer was complete. */
  abandoned: boolean;
}
