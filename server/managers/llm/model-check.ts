// At start, a look at the configured model server's list of models (GET /v1/models, or the
// provider's equivalent) that names a wrong address, key or model in the log, so an operator
// learns it before the first person does. It never blocks the start and never logs the key.
import type { Logger } from "pino";
import { z } from "zod";
import type { LlmConfig } from "./provider";

export type ModelCheck =
  | { ok: true; models: string[] }
  | { ok: false; problem: "unreachable" | "key" | "address" | "model" | "status"; message: string };

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });
const TIMEOUT_MS = 10_000;

/** Served under that id, as Ollama's "name:latest", or as a dated snapshot of an alias. */
const serves = (models: string[], id: string) =>
  models.some((m) => m === id || m === `${id}:latest` || m.startsWith(`${id}-20`));

function where(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`; // no credentials, no query
}

export async function checkModelServer(
  config: LlmConfig,
  timeoutMs = TIMEOUT_MS,
): Promise<ModelCheck | null> {
  const endpoint = config.models;
  if (!endpoint) return null;
  const address = endpoint.urlSetting ? `; check ${endpoint.urlSetting}` : "";
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      headers: endpoint.headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const why = cause?.code ?? cause?.message ?? (error as Error).name; // e.g. ECONNREFUSED, TimeoutError
    return {
      ok: false,
      problem: "unreachable",
      message: `the model server at ${where(endpoint.url)} cannot be reached (${why})${address}`,
    };
  }
  if (response.status === 401 || response.status === 403)
    return {
      ok: false,
      problem: "key",
      message: `the model server at ${where(endpoint.url)} refused the API key (HTTP ${response.status}); check ${endpoint.keySetting}`,
    };
  const body: unknown = await response.json().catch(() => null);
  const list = modelListSchema.safeParse(body);
  if (response.status === 404 || (response.ok && !list.success))
    return {
      ok: false,
      problem: "address",
      message: `GET ${where(endpoint.url)} answered ${response.ok ? "with no model list" : `HTTP ${response.status}`}: that is not an OpenAI-compatible API${endpoint.urlSetting ? `; check ${endpoint.urlSetting}, which usually ends in /v1 (e.g. http://localhost:11434/v1 for Ollama)` : ""}`,
    };
  if (!response.ok || !list.success)
    return {
      ok: false,
      problem: "status",
      message: `GET ${where(endpoint.url)} answered HTTP ${response.status}`,
    };
  const models = list.data.data.map((m) => m.id);
  const modelId = config.modelId ?? config.label;
  if (!serves(models, modelId))
    return {
      ok: false,
      problem: "model",
      message: `the model server at ${where(endpoint.url)} does not serve "${modelId}"; it serves ${models.slice(0, 20).join(", ") || "no models"}. Check LLM_MODEL`,
    };
  return { ok: true, models };
}

/** Runs the check in the background and logs what it found. */
export function startModelServerCheck(config: LlmConfig, logger: Logger): Promise<void> {
  const log = logger.child({ component: "llm", model: config.modelId ?? config.label });
  return checkModelServer(config)
    .then((check) => {
      if (!check) return;
      if (check.ok) log.info({ server: config.label }, "model server ready");
      else
        log.warn(
          { server: config.label, problem: check.problem },
          `model server check failed: ${check.message}. Built-in managers will report this on every message until it is fixed.`,
        );
    })
    .catch((error: unknown) => log.warn({ err: error }, "model server check could not run"));
}
