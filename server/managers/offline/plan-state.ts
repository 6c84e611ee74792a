// The plan as the conversation has shaped it so far. Replays the user's messages in order, each
// read against the question that was open when it was written, so the result depends on the
// history alone: the offline manager keeps no memory of its own.
import type { ChatTurn } from "../types";
import type { Priority } from "./cues";
import type { DateReference, Deadline } from "./deadline";
import { PLAN_QUESTIONS, readTurn, type PlanQuestion, type TurnReading } from "./read-turn";
import { toKey } from "./text";

/** Named as in the delegation preview (product.md §4), so the preview can take them as they are. */
export interface PlanFields {
  objective: string | null;
  priority: Priority;
  deadline: Deadline | null;
  success_criteria: string[];
  constraints: string[];
  /** What else the user said about the work after the objective; it informs routing. */
  details: string[];
}

export interface PlanState extends PlanFields {
  /** Questions the user declined; they are not asked again. */
  declined: PlanQuestion[];
  /** The user asked for the plan with what has been said. */
  goAhead: boolean;
  ready: boolean;
  /** Still unknown and not declined, in the order they are asked. */
  missing: PlanQuestion[];
  /** What the manager asks next, one thing at a time; null when the plan is ready. */
  nextQuestion: PlanQuestion | null;
  /** The question that was open when the last user message was written. */
  lastQuestion: PlanQuestion | null;
  /** Whether the last user message changed anything ("thanks" does not). */
  lastTurnChanged: boolean;
  /** Whether the plan was already drafted before the last user message (this is a revision). */
  wasReady: boolean;
}

const OBJECTIVE_MAX_CHARS = 300;

function appendNew(list: string[], items: string[]): string[] {
  const keys = new Set(list.map(toKey));
  return [
    ...list,
    ...items.filter((item) => !keys.has(toKey(item)) && Boolean(keys.add(toKey(item)))),
  ];
}

/** The request of a message; a message that only states a measure ("grow signups 20%") is one too. */
function toObjective(reading: TurnReading): string | null {
  const text = reading.requests.join(". ") || reading.criteria[0];
  if (!text) return null;
  return text.length > OBJECTIVE_MAX_CHARS
    ? `${text.slice(0, OBJECTIVE_MAX_CHARS - 1).trimEnd()}…`
    : text;
}

type Settled = "ready" | "missing" | "nextQuestion";

function settle(state: Omit<PlanState, Settled>): PlanState {
  const isKnown = {
    objective: state.objective !== null,
    deadline: state.deadline !== null,
    success_criteria: state.success_criteria.length > 0,
  };
  const missing = PLAN_QUESTIONS.filter((q) => !isKnown[q] && !state.declined.includes(q));
  const ready =
    isKnown.objective &&
    (isKnown.deadline || isKnown.success_criteria || state.goAhead || missing.length === 0);
  return { ...state, ready, missing, nextQuestion: ready ? null : (missing[0] ?? null) };
}

function applyTurn(state: PlanState, reading: TurnReading, asked: PlanQuestion | null): PlanState {
  const objective = state.objective ?? toObjective(reading);
  const isNewObjective = state.objective === null && objective !== null;
  const next = {
    ...state,
    objective,
    priority: reading.priority ?? state.priority,
    // The latest date wins, so "actually, make it Monday" moves the deadline.
    deadline: reading.deadline ?? state.deadline,
    success_criteria: appendNew(state.success_criteria, reading.criteria),
    constraints: appendNew(state.constraints, reading.constraints),
    details: isNewObjective ? state.details : appendNew(state.details, reading.requests),
    goAhead: state.goAhead || reading.isGoAhead,
    lastQuestion: asked,
    wasReady: state.ready,
  };
  const declined = new Set([...state.declined, ...reading.declines]);
  // An answer that does not give what was asked declines it, so the question is not repeated;
  // "go ahead" skips it without saying there is none.
  if (asked === "deadline" && !next.deadline && !reading.isGoAhead) declined.add("deadline");
  if (asked === "success_criteria" && next.success_criteria.length === 0 && !reading.isGoAhead)
    declined.add("success_criteria");
  const isKnown = {
    objective: true,
    deadline: next.deadline !== null,
    success_criteria: next.success_criteria.length > 0,
  };
  const settled = settle({
    ...next,
    declined: PLAN_QUESTIONS.filter((q) => declined.has(q) && !isKnown[q]),
  });
  return { ...settled, lastTurnChanged: toSnapshot(settled) !== toSnapshot(state) };
}

function toSnapshot({
  lastQuestion: _q,
  lastTurnChanged: _c,
  wasReady: _r,
  ...plan
}: PlanState): string {
  return JSON.stringify(plan);
}

const EMPTY_STATE = settle({
  objective: null,
  priority: "normal",
  deadline: null,
  success_criteria: [],
  constraints: [],
  details: [],
  declined: [],
  goAhead: false,
  lastQuestion: null,
  lastTurnChanged: false,
  wasReady: false,
});

/**
 * The plan after `history`. An assistant turn is taken to have asked the question that was next
 * at that point, which is what this manager does; other turns leave no question open.
 */
export function planState(history: ChatTurn[], now: Date, timezone?: string | number): PlanState {
  const reference: DateReference = { now, timezone };
  let state = EMPTY_STATE;
  let asked: PlanQuestion | null = null;
  for (const turn of history) {
    if (turn.role === "assistant") {
      asked = state.nextQuestion;
      continue;
    }
    state = applyTurn(state, readTurn(turn.content, reference, asked), asked);
    asked = null;
  }
  return state;
}

/** What routing reads: the work itself and how it is measured, not its limits ("no ads"). */
export function describeWork(plan: PlanFields): string {
  return [plan.objective ?? "", ...plan.details, ...plan.success_criteria]
    .filter(Boolean)
    .join(". ");
}

/** The plan fields in a set of user messages, read in order with no questions asked. */
export function extractPlan(messages: string[], now: Date, timezone?: string | number): PlanFields {
  const { objective, priority, deadline, success_criteria, constraints, details } = planState(
    messages.map((content) => ({ role: "user", content })),
    now,
    timezone,
  );
  return { objective, priority, deadline, success_criteria, constraints, details };
}
