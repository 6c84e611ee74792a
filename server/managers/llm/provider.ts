// Which language model the built-in managers use, from the environment. Provider-neutral: the
// AI SDK gives OpenAI, Anthropic and any OpenAI-compatible server (Ollama, vLLM) one interface.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { Env } from "@/lib/env";

export interface LlmConfig {
  model: LanguageModel;
  /** How the UI names it, e.g. "OpenAI gpt-4o-mini". Never includes a key. */
  label: string;
}

type LlmEnv = Pick<Env, "OPENAI_API_KEY" | "ANTHROPIC_API_KEY" | "OPENAI_BASE_URL" | "LLM_MODEL">;

export function llmConfigFromEnv(env: LlmEnv): LlmConfig | null {
  if (env.OPENAI_BASE_URL) {
    const modelId = env.LLM_MODEL ?? "llama3.1";
    const provider = createOpenAICompatible({
      name: "openai-compatible",
      baseURL: env.OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
    });
    return {
      model: provider.chatModel(modelId),
      label: `${modelId} at ${new URL(env.OPENAI_BASE_URL).host}`,
    };
  }
  if (env.OPENAI_API_KEY) {
    const modelId = env.LLM_MODEL ?? "gpt-4o-mini";
    return {
      model: createOpenAI({ apiKey: env.OPENAI_API_KEY }).chat(modelId),
      label: `OpenAI ${modelId}`,
    };
  }
  if (env.ANTHROPIC_API_KEY) {
    const modelId = env.LLM_MODEL ?? "claude-sonnet-4-5";
    return {
      model: createAnthropic({ apiKey: env.ANTHROPIC_API_KEY })(modelId),
      label: `Anthropic ${modelId}`,
    };
  }
  return null;
}
