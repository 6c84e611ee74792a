// The offline planner's plan as the delegation preview's draft (product.md §4): one subtask per
// team below the manager that fits the work, or one for the manager's own team when none does.
import { planDraftSchema, type PlanDraft } from "@/lib/protocol/delegation";
import type { TeamProfile } from "@/lib/teams/profile";
import { formatDeadline } from "./compose-reply";
import { describeWork, type PlanState } from "./plan-state";
import { describeMatch, matchMembers, routeWork, type TeamMatch } from "./routing";
import { capitalise } from "./text";

/** More would be a plan no one can review in a chat card; routing puts the strongest first. */
const MAX_SUBTASKS = 5;
const TITLE_MAX_CHARS = 80;
const SUBTASK_OBJECTIVE_MAX_CHARS = 60;
const LIST_MAX_ITEMS = 50;
/** A routing score this high (e.g. a skill phrase plus two skills) is as sure as keywords get. */
const STRONG_ROUTING_SCORE = 6;
/** Routing certainty when teams exist below the manager but none shares the work's words. */
const NO_FIT_ROUTING_CERTAINTY = 0.3;

/** Words that say one step follows another, so the later step's team waits for the earlier one. */
const SEQUENCE_BREAK =
  /(?:[,;.]|\band)\s+then\b|\b(?:after that|afterwards|followed by)\b|\bonce (?:that|this|it)(?:'s| is) (?:done|ready|live|finished)\b/i;
/** An estimate of the effort in so many words; hours only, as a day of work has no fixed length. */
const ESTIMATE =
  /\b(?:estimated?(?: effort)?(?: is| of| at|:)?|(?:will|should|would|might|could) take|takes?|effort(?: is| of|:)?)\s+(?:about |around |roughly |approximately |~)?(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b/i;

interface Assignment {
  team: string;
  label: string;
  rationale: string;
  /** What of the work this team takes, in its own matched words; null when it takes all of it. */
  part: string | null;
  skills: string[];
  match: TeamMatch | null;
}

/**
 * The draft for the delegation preview once the plan is ready, else null. Deterministic for a
 * given state, team and `now` (which only dates the "days left" in the instructions).
 */
export function draftFromPlanState(
  state: PlanState,
  team: TeamProfile,
  options: { now?: Date } = {},
): PlanDraft | null {
  if (!state.ready || !state.objective) return null;
  const objective = state.objective;
  const now = options.now ?? new Date();
  const work = describeWork(state);
  const fits = routeWork(work, team.subteams).slice(0, MAX_SUBTASKS);
  const assignments = fits.length ? fits.map(toAssignment) : [keepWithManager(work, team)];
  const dependencies = readDependencies([objective, ...state.details].join(". "), fits);
  const estimate = readEstimate(state);
  const success_criteria = cleanList(state.success_criteria);
  const constraints = cleanList(state.constraints);
  const subtasks = assignments.map((assignment, index) => ({
    id: `s${index + 1}`,
    title: clip(`${assignment.label}: ${clip(objective, SUBTASK_OBJECTIVE_MAX_CHARS)}`, 300),
    instructions: composeInstructions(state, assignment, assignments, now),
    team: assignment.team,
    rationale: assignment.rationale,
    depends_on: (dependencies.get(assignment.team) ?? []).map(
      (slug) => `s${assignments.findIndex((a) => a.team === slug) + 1}`,
    ),
    estimated_hours: assignments.length === 1 ? estimate : null,
  }));
  return planDraftSchema.parse({
    title: capitalise(clip(objective, TITLE_MAX_CHARS)),
    description: clip([objective, ...state.details].map(toSentence).join(" "), 8000),
    objective,
    priority: state.priority,
    deadline: state.deadline?.iso ?? null,
    estimated_hours: estimate,
    success_criteria,
    constraints,
    requirements: [
      ...success_criteria.map((description) => ({ description, category: "success_criterion" })),
      ...constraints.map((description) => ({ description, category: "constraint" })),
    ].slice(0, LIST_MAX_ITEMS),
    subtasks,
    suggested_teams: assignments.map((a) => a.team),
    required_skills: [...new Set(assignments.flatMap((a) => a.skills))].slice(0, LIST_MAX_ITEMS),
    key_decisions: {},
    confidence_level: rateConfidence(state, fits, team),
    chat_summary: summariseRequest(state, team),
  });
}

function toAssignment(match: TeamMatch): Assignment {
  return {
    team: match.team.name,
    label: match.team.display_name,
    rationale: `${match.team.display_name} fits this work: ${describeMatch(match)}.`,
    part: match.matched.join(", "),
    skills: match.sources.skills,
    match,
  };
}

function keepWithManager(work: string, team: TeamProfile): Assignment {
  const below = team.subteams.filter((t) => t.status === "active");
  const reason = below.length
    ? `No team below ${team.display_name} fits this work: none of ${below.map((t) => t.display_name).join(", ")} shares its words`
    : `${team.display_name} has no active teams below it`;
  const members = matchMembers(work, team.members);
  const within = members.length
    ? ` Within the team, ${members.map((m) => `the ${m.member.role} (${m.matched.join(", ")})`).join(" and ")} ${members.length > 1 ? "fit" : "fits"} it best.`
    : "";
  return {
    team: team.name,
    label: team.display_name,
    rationale: `${reason}, so it stays with ${team.display_name} and its ${team.manager_role}.${within}`,
    part: null,
    skills: members.flatMap((m) => m.sources.skills),
    match: null,
  };
}

function composeInstructions(
  state: PlanState,
  assignment: Assignment,
  all: Assignment[],
  now: Date,
): string {
  const others = all.filter((a) => a !== assignment);
  const criteria = pickRelevant(state.success_criteria, assignment, all);
  const constraints = pickRelevant(state.constraints, assignment, all);
  const lines = [
    `Objective: ${state.objective}`,
    assignment.part
      ? `Your part: the work on ${assignment.part}.`
      : "Your part: all of it, as no team below fits.",
    ...state.details.map((detail) => `Also asked: ${detail}`),
    `Priority: ${capitalise(state.priority)}`,
    `Deadline: ${describeDeadline(state, now)}`,
    ...formatSection("Success criteria", criteria),
    ...formatSection("Constraints", constraints),
    ...(others.length
      ? [`Working alongside: ${others.map((o) => `${o.label} (${o.team})`).join(", ")}.`]
      : []),
  ];
  return clip(lines.join("\n"), 8000);
}

/**
 * A criterion or constraint that names one team's work ("don't downgrade production databases")
 * goes to that team only; one that names none of them applies to every team of the plan.
 */
function pickRelevant(items: string[], assignment: Assignment, all: Assignment[]): string[] {
  const teams = all.flatMap((a) => (a.match ? [a.match.team] : []));
  if (teams.length < 2) return items;
  return items.filter((item) => {
    const owners = routeWork(item, teams).map((m) => m.team.name);
    return owners.length === 0 || owners.includes(assignment.team);
  });
}

function describeDeadline(state: PlanState, now: Date): string {
  if (!state.deadline)
    return state.declined.includes("deadline") ? "none, as the user said" : "none given";
  const days = Math.round((Date.parse(state.deadline.iso) - now.getTime()) / 86_400_000);
  const left =
    days <= 0
      ? "due the day this plan was drafted"
      : `${days} day${days === 1 ? "" : "s"} after this plan was drafted`;
  return `${formatDeadline(state.deadline)}, ${left}.`;
}

/**
 * Only where the user spelled out an order ("write the post, then share it") does a team wait
 * for another: the team of a later step depends on the team of the step just before its first.
 */
function readDependencies(work: string, fits: TeamMatch[]): Map<string, string[]> {
  const dependencies = new Map<string, string[]>();
  if (fits.length < 2) return dependencies;
  const teams = fits.map((f) => f.team);
  const owners = work
    .split(new RegExp(SEQUENCE_BREAK.source, "gi"))
    .map((step) => routeWork(step, teams)[0]?.team.name ?? null)
    .filter((owner): owner is string => owner !== null);
  owners.forEach((owner, index) => {
    const previous = owners[index - 1];
    // Only at a team's first step, so a team that comes back later never makes a cycle.
    if (previous && previous !== owner && owners.indexOf(owner) === index)
      dependencies.set(owner, [previous]);
  });
  return dependencies;
}

function readEstimate(state: PlanState): number | null {
  const said = [state.objective ?? "", ...state.details, ...state.constraints];
  const hours = said.map((text) => ESTIMATE.exec(text)?.[1]).find(Boolean);
  const value = hours === undefined ? NaN : Number(hours);
  return Number.isFinite(value) && value > 0 && value <= 10_000 ? value : null;
}

/**
 * Half how much of the plan the user gave (objective always; deadline and success criteria each
 * count 1 when given, ½ when the user said there are none, 0 when never said), half how sure the
 * routing is (the best team's score over STRONG_ROUTING_SCORE, capped at 1; 1 when there is no
 * team below to route to; NO_FIT_ROUTING_CERTAINTY when teams exist but none fits). Two decimals.
 */
function rateConfidence(state: PlanState, fits: TeamMatch[], team: TeamProfile): number {
  const given = (isGiven: boolean, question: "deadline" | "success_criteria") =>
    isGiven ? 1 : state.declined.includes(question) ? 0.5 : 0;
  const completeness =
    (1 +
      given(state.deadline !== null, "deadline") +
      given(state.success_criteria.length > 0, "success_criteria")) /
    3;
  const hasTeamsBelow = team.subteams.some((t) => t.status === "active");
  const routing = fits[0]
    ? Math.min(1, fits[0].score / STRONG_ROUTING_SCORE)
    : hasTeamsBelow
      ? NO_FIT_ROUTING_CERTAINTY
      : 1;
  return Math.round((completeness + routing) * 50) / 100;
}

function summariseRequest(state: PlanState, team: TeamProfile): string {
  const given = [
    ...(state.priority === "normal" ? [] : [`${state.priority} priority`]),
    ...(state.deadline ? [`a deadline of ${state.deadline.day} ("${state.deadline.text}")`] : []),
    ...(state.success_criteria.length
      ? [count(state.success_criteria.length, "success criterion", "success criteria")]
      : []),
    ...(state.constraints.length
      ? [count(state.constraints.length, "constraint", "constraints")]
      : []),
  ];
  const asked = `The user asked ${team.display_name} to plan: "${state.objective}".`;
  return given.length ? `${asked} They gave ${joinWords(given)}.` : asked;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function joinWords(words: string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function formatSection(heading: string, items: string[]): string[] {
  return items.length ? [`${heading}:`, ...items.map((item) => `- ${item}`)] : [];
}

function cleanList(items: string[]): string[] {
  return items
    .map((item) => clip(item, 300))
    .filter(Boolean)
    .slice(0, LIST_MAX_ITEMS);
}

function toSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** At most `max` characters, cut at a word where it can be, so schema limits never reject it. */
function clip(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max - 1);
  const atWord = cut.lastIndexOf(" ") > max / 2 ? cut.slice(0, cut.lastIndexOf(" ")) : cut;
  return `${atWord.replace(/[\s,;:.-]+$/, "")}…`;
}
