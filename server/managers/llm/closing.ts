// How a reply ends besides what the model wrote: a line introducing the plan when the model
// wrote nothing, or, when every proposal was refused, a notice saying so and why.
import type { TurnResult } from "./turn";

/** Said when every proposal of a reply was refused: the person learns there is no plan, and why. */
export function noPlanNotice(reasons: string[], attempts: number): string {
  const shown = reasons.slice(0, 3).join("; ");
  const more = reasons.length > 3 ? `; and ${reasons.length - 3} more` : "";
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  return `I tried to put this into a plan you can review, but could not produce a valid one after ${tries} (${shown}${more}), so no plan is shown. Tell me what to change, or ask me to try again.`;
}

function closingLine(result: TurnResult): string {
  if (result.draft)
    return result.content.trim()
      ? ""
      : `I've drafted a plan, "${result.draft.title}". Review it below, edit anything, then confirm or cancel.`;
  return result.refused ? noPlanNotice(result.refused.reasons, result.refused.attempts) : "";
}

/** The text to stream after the reply ("" for none), set apart from it by a blank line. */
export function closingOf(result: TurnResult): string {
  const line = closingLine(result);
  if (!line || !result.content.trim()) return line;
  return /\n\s*$/.test(result.content) ? line : `\n\n${line}`;
}
