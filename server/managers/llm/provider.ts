// Which language model the built-in managers use, from the environment. Provider-neutral: the
// AI SDK gives OpenAI, Anthropic and any OpenAI-compatible server (Ollama, vLLM) one interface.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { Env } from "@/lib/env";

/** How a model server's list of models is read, to check the configuration at start. */
export interface ModelListEndpoint {
  url: string;
  headers: Record<string, string>;
  /** The variables that set the server's address (if any) and key, named when the check fails. */
  urlSetting: "OPENAI_BASE_URL" | null;
  keySetting: "OPENAI_API_KEY" | "ANTHROPIC_API_KEY";
}

/** A model and how to name it; what the environment says besides has defaults. */
export interface LlmConfig {
  model: LanguageModel;
  /** How the UI names it, e.g. "OpenAI gpt-4o-mini". Never includes a key. */
  label: string;
  /** The model id sent to the server, e.g. "gpt-4o-mini"; the label by default. */
  modelId?: string;
  /** Whether replies may offer the model the plan tool (LLM_TOOLS); "auto" by default. */
  tools?: Env["LLM_TOOLS"];
  /** The organisation's IANA time zone (ORG_TIMEZONE); the server's by default. */
  timeZone?: string;
  /** Values that must never be shown or logged (the API key), masked out of server messages. */
  secrets?: string[];
  /** Where the configuration is checked at start; not at all when absent. */
  models?: ModelListEndpoint;
}

type LlmEnv = Pick<
  Env,
  | "OPENAI_API_KEY"
  | "ANTHROPIC_API_KEY"
  | "OPENAI_BASE_URL"
  | "LLM_MODEL"
  | "LLM_TOOLS"
  | "ORG_TIMEZONE"
>;

export function llmConfigFromEnv(env: LlmEnv): LlmConfig | null {
  const settings = { tools: env.LLM_TOOLS, timeZone: env.ORG_TIMEZONE };
  if (env.OPENAI_BASE_URL) {
    const modelId = env.LLM_MODEL ?? "llama3.1";
    const provider = createOpenAICompatible({
      name: "openai-compatible",
      baseURL: env.OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
      includeUsage: true, // stream_options.include_usage: real token counts when the server reports them
    });
    return {
      ...settings,
      model: provider.chatModel(modelId),
      modelId,
      label: `${modelId} at ${new URL(env.OPENAI_BASE_URL).host}`,
      secrets: env.OPENAI_API_KEY ? [env.OPENAI_API_KEY] : [],
      models: {
        url: `${env.OPENAI_BASE_URL.replace(/\/+$/, "")}/models`,
        headers: env.OPENAI_API_KEY ? { authorization: `Bearer ${env.OPENAI_API_KEY}` } : {},
        urlSetting: "OPENAI_BASE_URL",
        keySetting: "OPENAI_API_KEY",
      },
    };
  }
  if (env.OPENAI_API_KEY) {
    const modelId = env.LLM_MODEL ?? "gpt-4o-mini";
    return {
      ...settings,
      model: createOpenAI({ apiKey: env.OPENAI_API_KEY }).chat(modelId),
      modelId,
      label: `OpenAI ${modelId}`,
      secrets: [env.OPENAI_API_KEY],
      models: {
        url: "https://api.openai.com/v1/models",
        headers: { authorization: `Bearer ${env.OPENAI_API_KEY}` },
        urlSetting: null,
        keySetting: "OPENAI_API_KEY",
      },
    };
  }
  if (env.ANTHROPIC_API_KEY) {
    const modelId = env.LLM_MODEL ?? "claude-sonnet-4-5";
    return {
      ...settings,
      model: createAnthropic({ apiKey: env.ANTHROPIC_API_KEY })(modelId),
      modelId,
      label: `Anthropic ${modelId}`,
      secrets: [env.ANTHROPIC_API_KEY],
      models: {
        url: "https://api.anthropic.com/v1/models?limit=1000",
        headers: { "x-api-key": env.ANTHROPIC_API_KEY, "anthropic-version": "2023-06-01" },
        urlSetting: null,
        keySetting: "ANTHROPIC_API_KEY",
      },
    };
  }
  return null;
}
