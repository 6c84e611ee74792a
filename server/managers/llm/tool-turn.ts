// A reply with the plan tool: the model streams its answer and may call propose_delegation; a
// refused proposal goes back to it as the tool's error, and it may try again until one is
// accepted or it has used its attempts.
import { stepCountIs, streamText, type StopCondition, type ToolSet } from "ai";
import type { PlanDraft } from "@/lib/protocol";
import { createProposalTool, MAX_PROPOSALS, PROPOSE_TOOL, refusalReasons } from "./proposal";
import type { TurnInput, TurnStream } from "./turn";

export async function* replyWithTool(input: TurnInput): TurnStream {
  let draft: PlanDraft | undefined;
  const tools: ToolSet = {
    [PROPOSE_TOOL]: createProposalTool(input.team, input.clock, (accepted) => (draft = accepted)),
  };
  const planAccepted: StopCondition<ToolSet> = () => draft !== undefined;
  const result = streamText({
    model: input.model,
    system: input.system,
    messages: input.turns,
    tools,
    stopWhen: [planAccepted, stepCountIs(MAX_PROPOSALS)],
    abortSignal: input.signal,
    maxRetries: 1,
    onError: () => {}, // surfaced as the stream's error part and thrown below
  });
  let content = "";
  let tokens: number | undefined;
  let attempts = 0;
  let reasons: string[] = [];
  for await (const part of result.fullStream) {
    if (part.type === "text-delta" && part.text) {
      content += part.text;
      yield part.text;
    } else if (part.type === "tool-call" && part.toolName === PROPOSE_TOOL) {
      attempts += 1;
    } else if (part.type === "tool-error" && part.toolName === PROPOSE_TOOL) {
      reasons = refusalReasons(part.error);
    } else if (part.type === "error") {
      throw part.error;
    } else if (part.type === "finish") {
      tokens = part.totalUsage.totalTokens;
    } else if (part.type === "abort") {
      break;
    }
  }
  if (draft) return { content, tokens, draft };
  return attempts > 0 ? { content, tokens, refused: { reasons, attempts } } : { content, tokens };
}
