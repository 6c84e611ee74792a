// What one user message says about the work: the request, its limits and measures, a deadline,
// a priority, and whether it declines a question or asks for the plan.
import {
  CONSTRAINT_CUE,
  CRITERIA_CUE,
  CRITERIA_DECLINE,
  DEADLINE_DECLINE,
  DECLINE_ANSWER,
  EXPLICIT_CRITERIA_CUE,
  GO_AHEAD,
  SMALL_TALK_CUE,
  SMALL_TALK_MAX_WORDS,
  readPriority,
  stripLeadIns,
  type Priority,
} from "./cues";
import { findDeadline, removeDeadlines, type DateReference, type Deadline } from "./deadline";
import { capitalise, hasContent, splitClauses, splitSentences, tidyClause } from "./text";

export const PLAN_QUESTIONS = ["objective", "deadline", "success_criteria"] as const;
export type PlanQuestion = (typeof PLAN_QUESTIONS)[number];

export interface TurnReading {
  /** Clauses about the work itself, as written minus greetings, polite openers and dates. */
  requests: string[];
  constraints: string[];
  criteria: string[];
  deadline: Deadline | null;
  priority: Priority | null;
  /** Questions the message rules out in so many words ("no deadline", "skip"). */
  declines: PlanQuestion[];
  isGoAhead: boolean;
}

/** Removes `cue`'s matches from `text`; says whether there were any. */
function cutCue(text: string, cue: RegExp): [rest: string, found: boolean] {
  const rest = text.replace(new RegExp(cue.source, `${cue.flags.replace("g", "")}g`), " ");
  return [tidyClause(rest), rest !== text];
}

/** "hello while offline": a greeting and a few words, nothing about the work. */
function isSmallTalk(clause: string): boolean {
  const trimmed = clause.trim();
  if (!SMALL_TALK_CUE.test(trimmed)) return false;
  // "Hi, go ahead" and "hello, no deadline" still say something.
  if ([GO_AHEAD, DEADLINE_DECLINE, CRITERIA_DECLINE].some((cue) => cue.test(trimmed))) return false;
  const rest = trimmed.replace(SMALL_TALK_CUE, "").match(/[\p{L}\p{N}$€£%]+/gu) ?? [];
  return rest.length <= SMALL_TALK_MAX_WORDS;
}

/**
 * Reads one user message. `answering` is the question the manager asked just before it: an
 * answer to "what would success look like?" is a success criterion even without a cue word.
 */
export function readTurn(
  text: string,
  reference: DateReference,
  answering: PlanQuestion | null = null,
): TurnReading {
  const normalised = text.replace(/[’‘]/g, "'");
  const reading: TurnReading = {
    requests: [],
    constraints: [],
    criteria: [],
    deadline: findDeadline(normalised, reference),
    priority: readPriority(normalised),
    declines: [],
    isGoAhead: false,
  };
  const declines = new Set<PlanQuestion>();
  for (const clause of splitSentences(normalised).flatMap(splitClauses)) {
    if (isSmallTalk(clause)) continue;
    let body = stripLeadIns(clause);
    let found: boolean;
    [body, found] = cutCue(body, GO_AHEAD);
    reading.isGoAhead ||= found;
    [body, found] = cutCue(body, DEADLINE_DECLINE);
    if (found) declines.add("deadline");
    [body, found] = cutCue(body, CRITERIA_DECLINE);
    if (found) declines.add("success_criteria");
    const [rest, isDecline] = cutCue(body, DECLINE_ANSWER);
    if (isDecline && !hasContent(rest)) {
      if (answering && answering !== "objective") declines.add(answering);
      continue;
    }
    body = capitalise(stripLeadIns(body));
    if (EXPLICIT_CRITERIA_CUE.test(body)) reading.criteria.push(body);
    else if (CONSTRAINT_CUE.test(body)) reading.constraints.push(body);
    else if (CRITERIA_CUE.test(body))
      reading.criteria.push(capitalise(body.replace(/^so that\s+/i, "")));
    else if (answering === "success_criteria" && hasContent(body)) reading.criteria.push(body);
    else {
      // "Ship it by Friday" asks to ship it; the date is the deadline, read above.
      const request = removeDeadlines(body, reference);
      if (hasContent(request)) reading.requests.push(capitalise(request));
    }
  }
  reading.declines = PLAN_QUESTIONS.filter((q) => declines.has(q));
  return reading;
}
