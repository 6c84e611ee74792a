// An OpenAI-compatible model server for tests, run as its own process (as vLLM or Ollama would be):
// POST /v1/chat/completions and GET /v1/models in the documented wire format, answering with the
// turns a test scripts through /_control. Usage: node --import tsx main.ts [--port 0]
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { z } from "zod";
import { serverConfigSchema, turnSchema, type ParsedTurn, type RecordedRequest } from "./script";
import {
  chunkWriter,
  completion,
  sendError,
  sendJson,
  words,
  type ToolCall,
  type Usage,
} from "./wire";

const { values } = parseArgs({ options: { port: { type: "string", default: "0" } } });

let config = serverConfigSchema.parse({});
let turns: ParsedTurn[] = [];
let requests: RecordedRequest[] = [];

const ALTERNATION_ERROR =
  "After the optional system message, conversation roles must alternate user/assistant/user/assistant/...";

const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(
    z.looseObject({
      role: z.string(),
      content: z.unknown(),
      tool_calls: z.array(z.unknown()).optional(),
    }),
  ),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: z.unknown().optional(),
});
type ChatRequest = z.infer<typeof chatRequestSchema>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers with an error body, and records it. */
function fail(
  res: ServerResponse,
  record: RecordedRequest,
  status: number,
  error: Parameters<typeof sendError>[2],
  headers?: Record<string, string>,
): void {
  record.status = status;
  record.error = error.message;
  sendError(res, status, error, headers);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => resolve(raw));
    req.on("error", reject);
  });
}

/** Mistral's template: user and plain assistant messages alternate, starting with the user. */
function alternates(messages: ChatRequest["messages"]): boolean {
  const turns = messages
    .slice(messages[0]?.role === "system" ? 1 : 0)
    .filter((m) => m.role === "user" || (m.role === "assistant" && !m.tool_calls?.length));
  return turns.every((m, index) => (m.role === "user") === (index % 2 === 0));
}

/** Distinctive counts (never a tokenizer's estimate), so tests can tell reported usage apart. */
function usageFor(request: ChatRequest, output: string): Usage {
  const prompt = 1000 + Math.ceil(JSON.stringify(request.messages).length / 4);
  const completion = 7 + words(output).length;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

/** Why the server refuses the request before any "generation", or null. */
function refusal(request: ChatRequest) {
  if (!config.models.includes(request.model))
    return {
      status: 404,
      message: `The model \`${request.model}\` does not exist or you do not have access to it.`,
      type: "invalid_request_error",
      code: "model_not_found" as string | number | null,
    };
  if (request.tools?.length && config.tools === "vllm" && request.tool_choice !== "none")
    return {
      status: 400,
      message:
        '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
      type: "BadRequestError",
      code: 400,
    };
  if (request.tools?.length && config.tools === "ollama")
    return {
      status: 400,
      message: `registry.ollama.ai/library/${request.model}:latest does not support tools`,
      type: "api_error",
      code: null,
    };
  if (config.strictAlternation && !alternates(request.messages))
    return { status: 400, message: ALTERNATION_ERROR, type: "BadRequestError", code: 400 };
  return null;
}

async function answer(
  request: ChatRequest,
  turn: ParsedTurn,
  res: ServerResponse,
  record: RecordedRequest,
) {
  const streamed = request.stream === true;
  if (turn.type === "error") {
    const headers: Record<string, string> =
      turn.retryAfter === undefined ? {} : { "retry-after": String(turn.retryAfter) };
    return fail(
      res,
      record,
      turn.status,
      { message: turn.message, type: turn.errorType, param: turn.param, code: turn.code },
      headers,
    );
  }
  const text = turn.text;
  const call: ToolCall | null =
    turn.type === "tool_call"
      ? {
          id: `call_${Math.random().toString(36).slice(2, 12)}`,
          name: turn.name,
          arguments:
            typeof turn.arguments === "string" ? turn.arguments : JSON.stringify(turn.arguments),
        }
      : null;
  const usage = usageFor(request, text + (call?.arguments ?? ""));
  if (!streamed) {
    if (turn.type === "cut") return void res.socket?.destroy();
    if (turn.type === "garbage")
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end("<html>Bad gateway</html>");
    if (turn.type === "stream_error")
      return fail(res, record, 500, { message: turn.message, type: "server_error" });
    record.usage = usage;
    return sendJson(res, 200, completion(request.model, text, call, usage));
  }
  const includeUsage = request.stream_options?.include_usage === true;
  const stream = chunkWriter(res, request.model, includeUsage);
  stream.start();
  for (const piece of words(text)) {
    if (res.destroyed) return;
    if (turn.type === "text" && turn.delayMs) await sleep(turn.delayMs);
    stream.text(piece);
  }
  if (res.destroyed) return;
  switch (turn.type) {
    case "cut":
      await sleep(20); // let the text reach the client before the connection drops
      return void res.socket?.destroy();
    case "garbage":
      stream.raw('data: {"id":"chatcmpl-x","object":"chat.completion.chunk","choices":[{"delta":');
      stream.raw("data: <html><body><h1>502 Bad Gateway</h1></body></html>");
      return void res.end();
    case "stream_error":
      stream.write({
        error: { message: turn.message, type: "server_error", param: null, code: null },
      });
      return void res.end();
    default:
      if (call) stream.toolCall(call, turn.type === "tool_call" ? turn.pieces : 1);
      if (includeUsage) record.usage = usage;
      stream.finish(call ? "tool_calls" : "stop", usage);
  }
}

async function chatCompletions(req: IncomingMessage, res: ServerResponse, record: RecordedRequest) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(req));
  } catch {
    return fail(res, record, 400, {
      message: "We could not parse the JSON body of your request.",
      type: "invalid_request_error",
    });
  }
  record.body = raw as RecordedRequest["body"];
  const parsed = chatRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(res, record, 400, {
      message: z.prettifyError(parsed.error),
      type: "invalid_request_error",
    });
  }
  const refused = refusal(parsed.data);
  if (refused) {
    return fail(res, record, refused.status, refused);
  }
  const turn = turns.shift() ?? turnSchema.parse({ type: "text", text: "OK." });
  record.status = 200;
  await answer(parsed.data, turn, res, record);
}

function listModels(res: ServerResponse) {
  sendJson(res, 200, {
    object: "list",
    data: config.models.map((id) => ({
      id,
      object: "model",
      created: 1_700_000_000,
      owned_by: "test",
    })),
  });
}

async function control(req: IncomingMessage, res: ServerResponse, path: string) {
  if (req.method === "GET" && path === "/_control/requests") return sendJson(res, 200, requests);
  if (req.method === "GET" && path === "/_control/pending")
    return sendJson(res, 200, { turns: turns.length });
  const body: unknown = JSON.parse((await readBody(req)) || "{}");
  if (path === "/_control/reset") {
    config = serverConfigSchema.parse(body);
    turns = [];
    requests = [];
  } else if (path === "/_control/script") {
    turns.push(...z.array(turnSchema).parse(body));
  } else {
    return sendJson(res, 404, { error: `no control ${path}` });
  }
  sendJson(res, 200, { ok: true });
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path.startsWith("/_control/"))
    return void control(req, res, path).catch((error: unknown) =>
      sendJson(res, 400, { error: String(error) }),
    );
  const record: RecordedRequest = {
    method: req.method ?? "GET",
    path,
    authorization: req.headers.authorization ?? null,
    body: null,
    status: 0,
    usage: null,
    error: null,
    abandoned: false,
  };
  requests.push(record);
  res.on("close", () => (record.abandoned = !res.writableFinished));
  if (config.apiKey !== null && req.headers.authorization !== `Bearer ${config.apiKey}`) {
    const presented = req.headers.authorization?.replace(/^Bearer /, "");
    return fail(res, record, 401, {
      message: presented
        ? `Incorrect API key provided: ${presented.slice(0, 3)}***${presented.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: "invalid_request_error",
      code: "invalid_api_key",
    });
  }
  if (req.method === "GET" && path === "/v1/models") {
    record.status = 200;
    return listModels(res);
  }
  if (req.method === "POST" && path === "/v1/chat/completions")
    return void chatCompletions(req, res, record).catch(() => res.destroy());
  fail(res, record, 404, {
    message: `Invalid URL (${req.method} ${path})`,
    type: "invalid_request_error",
  });
});

server.listen(Number(values.port), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ level: 30, msg: "model server listening", port }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
