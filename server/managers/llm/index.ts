// The built-in manager backed by a language model: streams its answer token by token, and
// proposes plans with its tool (./tool-turn) or, where the server cannot take tools, as JSON
// after a plain-text reply (./text-turn). It is told today's date in the organisation's zone and
// the plan as the person sees it now; every failure is a reason in words and a log line.
import type { Logger } from "pino";
import { getLogger } from "@/lib/logger";
import type { DelegationPlan } from "@/lib/protocol";
import type { ManagerEvent, ManagerSessionContext, TeamManager } from "../types";
import { ManagerUnavailableError } from "../types";
import { closingOf } from "./closing";
import { toAlternatingContext } from "./context";
import { EmptyAnswerError, readFailure } from "./failure";
import { buildSystemPrompt, type Planning } from "./prompt";
import type { LlmConfig } from "./provider";
import { replyInText } from "./text-turn";
import { createToolUse, type ToolUse } from "./tool-use";
import { replyWithTool } from "./tool-turn";
import type { TurnInput, TurnResult, TurnStream } from "./turn";

async function readPlan(
  context: ManagerSessionContext,
  log: Logger,
): Promise<DelegationPlan | null> {
  try {
    return (await context.currentPlan?.()) ?? null;
  } catch (error) {
    log.warn({ err: error }, "could not read the session's plan; answering without it");
    return null;
  }
}

/**
 * With the tool when the server takes it; otherwise, or when it refuses tools before a word was
 * shown (LLM_TOOLS=auto), in plain text.
 */
async function* answer(
  input: Omit<TurnInput, "system">,
  system: (planning: Planning) => string,
  options: { offersPlans: boolean; toolUse: ToolUse; secrets: string[] },
): TurnStream {
  if (options.offersPlans && options.toolUse.isOffered) {
    const turn = replyWithTool({ ...input, system: system("tool") });
    let isShown = false;
    try {
      for (let step = await turn.next(); ; step = await turn.next()) {
        if (step.done) return step.value;
        isShown = true;
        yield step.value;
      }
    } catch (error) {
      if (isShown || !options.toolUse.fallsBackAfter(readFailure(error, options.secrets)))
        throw error;
    }
  }
  const planning = options.offersPlans ? "text" : "none";
  return yield* replyInText({ ...input, system: system(planning) }, options.offersPlans);
}

export function createLlmManager(config: LlmConfig, deps: { logger?: Logger } = {}): TeamManager {
  const modelId = config.modelId ?? config.label;
  const timeZone = config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const secrets = config.secrets ?? [];
  const logger = (deps.logger ?? getLogger()).child({ component: "llm", model: modelId });
  const toolUse = createToolUse(config.tools ?? "auto", logger);
  return {
    kind: "llm",
    async open(context) {
      const { team } = context;
      const log = logger.child({ team: team.name, sessionId: context.sessionId });
      return {
        kind: "llm",
        label: config.label,
        async greeting() {
          return `Hello, I'm the ${team.manager_role} of ${team.display_name}. What would you like the team to take on?`;
        },
        async *reply(history, signal): AsyncGenerator<ManagerEvent> {
          yield { type: "thinking" };
          const offersPlans = team.delegation_preview !== false;
          const { turns, opening } = toAlternatingContext(history);
          const plan = offersPlans ? await readPlan(context, log) : null;
          const clock = { now: new Date(), timeZone };
          const system = (planning: Planning) =>
            buildSystemPrompt(team, { planning, clock, plan, opening });
          const input = { model: config.model, turns, team, clock, signal };
          const turn = answer(input, system, { offersPlans, toolUse, secrets });
          let result: TurnResult;
          try {
            for (let step = await turn.next(); ; step = await turn.next()) {
              if (step.done) {
                result = step.value;
                break;
              }
              yield { type: "delta", text: step.value };
            }
            if (!result.content.trim() && !result.draft && !result.refused && !signal.aborted)
              throw new EmptyAnswerError();
          } catch (error) {
            if (signal.aborted) return;
            const failure = readFailure(error, secrets);
            const { kind, status, attempts, serverMessage, detail } = failure;
            log[kind === "rate_limited" ? "warn" : "error"](
              { kind, status, attempts, serverMessage, detail },
              `language model failed: ${failure.reason}`,
            );
            throw new ManagerUnavailableError(failure.reason, { cause: error });
          }
          if (signal.aborted) return;
          const closing = closingOf(result);
          if (closing) yield { type: "delta", text: closing };
          if (result.refused)
            log.info(
              { attempts: result.refused.attempts, reasons: result.refused.reasons },
              "the model's plan was refused; no plan shown",
            );
          yield {
            type: "done",
            content: result.content + closing,
            tokens: result.tokens,
            ...(result.draft ? { draft: result.draft } : {}),
          };
        },
        async close() {},
      };
    },
  };
}
