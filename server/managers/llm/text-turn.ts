// A reply without tool calls, for servers that cannot take them (or LLM_TOOLS=off): the model
// answers in text and ends with a marker when it proposes a plan; the marker is kept from the
// person, and the plan is then asked for as JSON (./plan-json).
import { streamText } from "ai";
import { createPlanMarkerFilter } from "./plan-marker";
import { writePlanAsJson } from "./plan-json";
import { addTokens, type TurnInput, type TurnStream } from "./turn";

export async function* replyInText(input: TurnInput, offersPlans: boolean): TurnStream {
  const result = streamText({
    model: input.model,
    system: input.system,
    messages: input.turns,
    abortSignal: input.signal,
    maxRetries: 1,
    onError: () => {}, // surfaced as the stream's error part and thrown below
  });
  const marker = createPlanMarkerFilter();
  let content = "";
  let tokens: number | undefined;
  for await (const part of result.fullStream) {
    if (part.type === "text-delta" && part.text) {
      const shown = marker.push(part.text);
      if (shown) {
        content += shown;
        yield shown;
      }
    } else if (part.type === "error") {
      throw part.error;
    } else if (part.type === "finish") {
      tokens = part.totalUsage.totalTokens;
    } else if (part.type === "abort") {
      return { content, tokens };
    }
  }
  const rest = marker.end();
  if (rest) {
    content += rest;
    yield rest;
  }
  if (!offersPlans || !marker.found) return { content, tokens };
  const plan = await writePlanAsJson(input, content);
  return { ...plan, content, tokens: addTokens(tokens, plan.tokens) };
}
