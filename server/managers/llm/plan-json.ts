// The plan without tool calls: once the model has said a plan is ready, it is asked for the plan
// as one JSON object following the plan's JSON Schema, in the same conversation. A plan that is
// not valid goes back with the reasons, as a refused tool call would.
import { generateText, type ModelMessage } from "ai";
import { mergeRepeatedRoles } from "./context";
import {
  assignableTeams,
  MAX_PROPOSALS,
  PlanRefusal,
  proposalJsonSchema,
  readProposal,
  refusalReasons,
} from "./proposal";
import { addTokens, type TurnInput, type TurnResult } from "./turn";

/** The JSON object in a model's answer, which may come in a code fence or with words around it. */
export function parseJsonObject(text: string): unknown {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  try {
    if (start === -1 || end < start) throw new Error("no object");
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    throw new PlanRefusal(["the answer was not one JSON object"]);
  }
}

async function askForPlan(input: TurnInput): Promise<string> {
  const teams = assignableTeams(input.team);
  return [
    "Write the plan you just proposed as one JSON object and nothing else: no words around it, no code fence.",
    `It must follow this JSON Schema: ${JSON.stringify(await proposalJsonSchema(teams))}`,
    `Subtasks may only go to: ${teams.join(", ")}. The deadline is an ISO 8601 date-time with the organisation's offset, or null.`,
  ].join("\n");
}

/** Asks for the plan after `reply`; up to MAX_PROPOSALS tries. */
export async function writePlanAsJson(
  input: TurnInput,
  reply: string,
): Promise<Pick<TurnResult, "draft" | "refused" | "tokens">> {
  const teams = assignableTeams(input.team);
  const messages: ModelMessage[] = mergeRepeatedRoles([
    ...input.turns,
    { role: "assistant", content: reply },
    { role: "user", content: await askForPlan(input) },
  ]);
  let tokens: number | undefined;
  let reasons: string[] = [];
  for (let attempt = 1; attempt <= MAX_PROPOSALS; attempt++) {
    const answer = await generateText({
      model: input.model,
      system: input.system,
      messages,
      abortSignal: input.signal,
      maxRetries: 1,
    });
    tokens = addTokens(tokens, answer.totalUsage.totalTokens);
    try {
      return { draft: readProposal(parseJsonObject(answer.text), teams, input.clock), tokens };
    } catch (error) {
      reasons = refusalReasons(error);
      messages.push(
        { role: "assistant", content: answer.text.trim() || "(no answer)" },
        {
          role: "user",
          content: `${(error as Error).message}\nAnswer with the corrected JSON object only.`,
        },
      );
    }
  }
  return { tokens, refused: { reasons, attempts: MAX_PROPOSALS } };
}
