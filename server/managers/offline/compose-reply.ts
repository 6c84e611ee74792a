// The offline manager's words: an honest greeting, one question at a time, then the draft plan.
// Where the chat shows plans as a card (delegation preview on, the default), the reply only
// introduces it: the card is the one place the plan is shown. Without the card, the reply is
// the plan, in Markdown. Everything here is a function of the team and the plan state.
import type { TeamProfile } from "@/lib/teams/profile";
import type { Deadline } from "./deadline";
import { describeWork, type PlanState } from "./plan-state";
import type { PlanQuestion } from "./read-turn";
import { describeMatch, matchMembers, routeWork, type TeamMatch } from "./routing";
import { capitalise } from "./text";

const QUESTIONS: Record<PlanQuestion, string> = {
  objective: "What do you need done? Describe the outcome you want in a sentence or two.",
  deadline:
    'When does it need to be done? For example "by next Friday" or "end of April"; say "no deadline" if there is none.',
  success_criteria:
    'How will we know it worked? Give me a success criterion or a target, for example "at least 500 sign-ups in the first week", or say "skip".',
};

const DECLINED_ACK: Record<PlanQuestion, string> = {
  objective: "",
  deadline: "Fine, no deadline.",
  success_criteria: "Fine, no success criteria.",
};

const UNCHANGED =
  "Nothing in the draft plan changed, so it stands as above. Tell me what to change (objective, deadline, priority, criteria, constraints or teams), if anything.";

export function composeGreeting(team: TeamProfile): string {
  return [
    `Hello, I'm the offline planner for **${team.display_name}**, standing in for its manager, the ${team.manager_role}.`,
    "No language model is configured, so I plan with simple rules, not AI: I ask a few questions, draft a plan and suggest which teams fit the work. I don't carry out the work myself and I never report results that don't exist.",
    `What do you need ${team.display_name} to do?`,
  ].join("\n\n");
}

const UNCHANGED_ON_CARD =
  "Nothing in the plan changed, so it stands as shown on the card. Tell me what to change (objective, deadline, priority, criteria, constraints or teams), if anything.";

/** The reply to the conversation so far: the next question, or the draft plan once it is ready. */
export function composeReply(state: PlanState, team: TeamProfile): string {
  const hasCard = team.delegation_preview !== false;
  if (state.ready && !state.lastTurnChanged) return hasCard ? UNCHANGED_ON_CARD : UNCHANGED;
  if (state.ready) return hasCard ? introducePlan(state, team) : composePlan(state, team);
  const question = state.nextQuestion ?? "objective";
  if (question === "objective") return composeObjectiveQuestion(state, team);
  const declined =
    state.lastQuestion && state.declined.includes(state.lastQuestion)
      ? DECLINED_ACK[state.lastQuestion]
      : "";
  const recap = [
    `**Objective:** ${state.objective}`,
    ...(state.deadline ? [`**Deadline:** ${formatDeadline(state.deadline)}`] : []),
  ];
  if (state.priority !== "normal") recap.push(`**Priority:** ${capitalise(state.priority)}`);
  return [
    [declined, `So far: ${recap.join("; ")}.`].filter(Boolean).join(" "),
    QUESTIONS[question],
  ].join("\n\n");
}

/** Asked again only when the user gave no task yet, so it says why and what is possible. */
function composeObjectiveQuestion(state: PlanState, team: TeamProfile): string {
  if (state.lastQuestion !== "objective") return QUESTIONS.objective;
  const teams = listActiveSubteams(team).map((t) => t.display_name);
  const reach = teams.length
    ? `I can route work to ${teams.join(", ")}, or keep it within ${team.display_name}.`
    : `I can plan work for ${team.display_name}.`;
  return `I still need the task itself before I can plan anything. ${reach} ${QUESTIONS.objective}`;
}

/** A few words beside the plan card: what happened to the plan, and what the person can do. */
function introducePlan(state: PlanState, team: TeamProfile): string {
  if (state.wasReady)
    return "I've revised the plan with that: the card shows the new version and what changed. Nothing is sent to any team until you confirm.";
  const fits = routeWork(describeWork(state), team.subteams).map((m) => m.team.display_name);
  const where = fits.length
    ? `It gives the work to ${joinNames(fits)}.`
    : `It keeps the work at the ${team.display_name} level, with the ${team.manager_role}.`;
  return [
    `I've drafted a plan from what you told me. ${where}`,
    "Review it on the card, edit anything, then confirm or cancel: nothing is sent to any team until you confirm. Tell me what to change and I will revise it.",
  ].join("\n\n");
}

function joinNames(names: string[]): string {
  return names.length < 2
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function composePlan(state: PlanState, team: TeamProfile): string {
  const deadline = state.deadline
    ? formatDeadline(state.deadline)
    : state.declined.includes("deadline")
      ? "None, as you said"
      : "Not given";
  return [
    `**Draft plan for ${team.display_name}**`,
    [
      `- **Objective:** ${state.objective}`,
      `- **Priority:** ${capitalise(state.priority)}`,
      `- **Deadline:** ${deadline}`,
    ].join("\n"),
    `**Success criteria**\n${formatList(state.success_criteria, state.declined.includes("success_criteria") ? "None, as you said" : "None given")}`,
    `**Constraints**\n${formatList(state.constraints, "None given")}`,
    `**Proposed teams**\n${composeProposedTeams(state, team)}`,
    "This is a proposal from the offline planner: nothing has been sent to any team yet. Tell me what to change (objective, deadline, priority, criteria, constraints or teams) and I will redo the plan.",
  ].join("\n\n");
}

function composeProposedTeams(state: PlanState, team: TeamProfile): string {
  const work = describeWork(state);
  const fits = routeWork(work, team.subteams);
  if (fits.length) return fits.map(formatTeamMatch).join("\n");
  const below = listActiveSubteams(team);
  const reason = below.length
    ? `None of the teams below ${team.display_name} (${below.map((t) => t.display_name).join(", ")}) fits this work`
    : `${team.display_name} has no active teams below it`;
  const members = matchMembers(work, team.members)
    .map((m) => `the ${m.member.role} (${m.matched.join(", ")})`)
    .join(" and ");
  const within = members
    ? ` Within the team, ${members} ${members.includes(" and ") ? "fit" : "fits"} it best.`
    : "";
  return `${reason}, so I would keep it at the ${team.display_name} level, with the ${team.manager_role}.${within}`;
}

function formatTeamMatch(match: TeamMatch): string {
  return `- **${match.team.display_name}** (\`${match.team.name}\`): ${describeMatch(match)}.`;
}

function listActiveSubteams(team: TeamProfile) {
  return team.subteams.filter((t) => t.status === "active");
}

function formatList(items: string[], empty: string): string {
  return items.length ? items.map((item) => `- ${item}`).join("\n") : `- ${empty}`;
}

/** The day as a person reads it, with the user's own words so nothing is lost in translation. */
export function formatDeadline(deadline: Deadline): string {
  const [year, month, day] = deadline.day.split("-").map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day));
  const written = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
  return `${written} ("${deadline.text}")`;
}
