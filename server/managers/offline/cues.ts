// The phrases the offline planner listens for, kept in one place so the rules read as one list.
import type { z } from "zod";
import type { prioritySchema } from "@/lib/protocol";

export type Priority = z.infer<typeof prioritySchema>;

/** Checked in this order: "not urgent" must be read as low before "urgent" is seen. */
export const PRIORITY_CUES: ReadonlyArray<readonly [Priority, RegExp]> = [
  [
    "low",
    /\b(?:low[- ]priority|not (?:very |that |so |too |super )?(?:urgent|important|critical|pressing|a priority)|no (?:rush|hurry)|whenever|when(?:ever)? you (?:have|get|find) (?:the )?(?:time|a chance)|nice[- ]to[- ]have|eventually|some ?day)\b/i,
  ],
  [
    "urgent",
    /\b(?:urgent(?:ly)?|asap|as soon as possible|critical|blockers?|blocking|emergency|immediately|right away|right now|p0|sev ?1)\b/i,
  ],
  [
    "high",
    /\b(?:important|high[- ]priority|top priority|priority one|p1|time[- ]sensitive|pressing)\b/i,
  ],
];

/** A limit on how the work may be done. Checked before success criteria: a limit wins. */
export const CONSTRAINT_CUE =
  /\b(?:must not|mustn't|must never|must stay|must remain|must use|must be|must work|do not|don't|does not|doesn't|should not|shouldn't|cannot|can't|can not|won't|never|without|no more than|not more than|not exceed|at most|limited to|limit(?:ed)? to|only|avoid|stick to|keep (?:it|costs?|spend(?:ing)?) (?:under|below|within)|budget (?:is|of|cap|limit|under|below|must)|(?:within|under|over|fixed|total|limited) budget|no paid)\b|\bbudget\s*:|\b(?:up to|max(?:imum)?) [$€£]?\d|\b(?:under|below) [$€£]\d/i;

/**
 * A clause that says outright it is about success ("Success means a monthly bill under $40k"):
 * a success criterion, even when it names a limit the constraint cue would otherwise claim.
 */
export const EXPLICIT_CRITERIA_CUE =
  /^(?:success(?:\s+criteri(?:a|on))?\s*(?:means|is|=|:|looks like|would (?:be|mean)|will (?:be|mean))|(?:it'?s |we'?re |we are )?done when|we'?ll know|we will know|the goal is|our goal is|the target is|our target is|target\s*:)/i;

/**
 * A greeting or a test ("hello while offline", "testing the chat"): a clause that opens with one
 * and says no more than a few words is small talk, not the work.
 */
export const SMALL_TALK_CUE =
  /^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|test(?:ing)?)\b/i;
export const SMALL_TALK_MAX_WORDS = 3;

/** A way to tell whether the work succeeded. */
export const CRITERIA_CUE =
  /\b(?:success(?:ful(?:ly)?)?|succeed|done when|finished when|complete when|definition of done|acceptance criteria|should result in|results? in|measured by|measure(?:d)? (?:by|with|as)|targets?|kpis?|metrics?|goal is|aim (?:is|for)|so that|we'?ll know|should (?:reach|hit|get|increase|reduce|grow)|percent)\b|\bat least [$€£]?\d|\b(?:increase|reduce|cut|grow|raise|lower)[sd]?\b.{0,40}\b(?:by|to) [$€£]?\d|\d%|\d\s?percent/i;

/** A short answer that gives nothing: it declines whatever was just asked. */
export const DECLINE_ANSWER =
  /^(?:no|nope|none|nothing|n\/?a|not (?:sure|really|yet|now|at the moment)|no idea|(?:i |we )?(?:don't|do not) know|dunno|skip(?: it| that| this| that one)?|pass|no preference|can't say|hard to say|tbd|unknown)\b/i;

export const DEADLINE_DECLINE =
  /\b(?:no (?:hard |fixed |firm |real |specific |particular |set )?(?:deadline|due date|end date|time ?(?:frame|line))|there(?:'s| is) no (?:\w+ )?deadline|no rush|no hurry|whenever|any ?time|open[- ]ended)\b/i;

export const CRITERIA_DECLINE =
  /\b(?:no (?:specific |particular |real |formal |hard |clear )?(?:success criteria|criteria|targets?|kpis?|metrics?|goals?)|(?:don't|do not) have (?:any )?(?:success criteria|criteria|targets?|kpis?|metrics?))\b/i;

/** The user wants the plan now, with what has been said so far. */
export const GO_AHEAD =
  /\b(?:go ahead|go for it|that'?s (?:all|it|everything)|that is (?:all|it|everything)|nothing else|(?:draft|make|write|show|give me|propose|create) (?:the|a|my|your) plan|proceed|sounds good|looks good|lgtm|let'?s do it)\b/i;

/** Openers that are manners, not the request: "Hi team, could you please …". */
const LEAD_INS = [
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b(?:\s+(?:there|team|all|everyone|folks))?[,!.:]?\s*/i,
  /^(?:urgent|important|not urgent|fyi|quick one|low priority|high priority|top priority|no rush|whenever you (?:have|get) (?:time|a chance)|when you have time)\s*[:,!-]\s*/i,
  /^(?:please|kindly|at some point|eventually|sometime)[,\s]+/i,
  /^(?:can|could|would|will) you(?: please)?\s+/i,
  /^(?:i|we)(?:'d| would) like (?:you )?to\s+/i,
  /^(?:i|we) (?:want|need) you to\s+/i,
  /^help (?:me|us)(?: to)?\s+/i,
];

/** Strips greetings and polite openers until none is left. */
export function stripLeadIns(text: string): string {
  let current = text.trim();
  for (let changed = true; changed;) {
    changed = false;
    for (const leadIn of LEAD_INS) {
      const next = current.replace(leadIn, "");
      if (next !== current) [current, changed] = [next, true];
    }
  }
  return current.replace(/[,\s]+(?:please|thanks?(?: you)?)$/i, "");
}

export function readPriority(text: string): Priority | null {
  return PRIORITY_CUES.find(([, cue]) => cue.test(text))?.[0] ?? null;
}
