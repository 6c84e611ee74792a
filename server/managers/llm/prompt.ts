import { planDraftSchema, type DelegationPlan } from "@/lib/protocol";
import type { TeamProfile } from "@/lib/teams/profile";
import { localDay, type OrgClock } from "./clock";
import { PLAN_READY } from "./plan-marker";
import { assignableTeams, PROPOSE_TOOL } from "./proposal";

/** How this reply may propose a plan: the tool, the text marker (no tool calls), or not at all. */
export type Planning = "tool" | "text" | "none";

export interface PromptOptions {
  planning: Planning;
  clock: OrgClock;
  /** The session's latest plan as the person sees it now, edits included. */
  plan: DelegationPlan | null;
  /** What the manager said before the conversation it is given (its greeting). */
  opening: string | null;
}

function today(clock: OrgClock): string {
  const day = localDay(clock);
  return [
    `Today is ${day.long} (${day.date}), ${day.time} in the organisation's time zone, ${clock.timeZone} (UTC${day.offset}).`,
    'Read the dates the person gives ("by Friday", "end of next week") against today, and write deadlines',
    `as ISO 8601 date-times with that offset; a day without a time means 17:00, e.g. ${day.date}T17:00:00${day.offset} for the end of today.`,
  ].join(" ");
}

function planning(team: TeamProfile, how: Planning): string {
  const teams = `Subtasks may only go to: ${assignableTeams(team).join(", ")}.`;
  if (how === "tool")
    return [
      `When you know enough, propose the plan by calling ${PROPOSE_TOOL}: the person sees it as a card`,
      "to edit and confirm, so introduce it in a sentence or two instead of writing it out.",
      `${teams} If the tool refuses a plan, fix what it names and call it again.`,
    ].join(" ");
  if (how === "text")
    return [
      "When you know enough to propose the plan (or a revised one), say so in a sentence or two and end",
      `your message with the line ${PLAN_READY}. You will then be asked for the plan's details; the person`,
      `sees it as a card to edit and confirm, so do not write it out. ${teams}`,
      `Write ${PLAN_READY} only when you propose a plan.`,
    ].join(" ");
  return "Plans are not offered as previews in this team's chat: summarise in words which of your teams should do which part, and why.";
}

/** The plan's content without its bookkeeping (ids, owner, timestamps). */
function planContent(plan: DelegationPlan): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(planDraftSchema.shape).map((key) => [key, plan[key as keyof DelegationPlan]]),
  );
}

function currentPlan(plan: DelegationPlan): string {
  const json = `\`\`\`json\n${JSON.stringify(planContent(plan))}\n\`\`\``;
  if (plan.status === "confirmed")
    return `Version ${plan.version} of the plan "${plan.title}" was confirmed and handed to the teams; it can no longer change. Propose a new plan only for new work.\n${json}`;
  if (plan.status === "cancelled")
    return `The plan "${plan.title}" was cancelled; propose a new one only if the person still wants the work done.`;
  return [
    `The plan the person sees now is version ${plan.version}. It includes any edits they made on the card,`,
    "which take precedence over what you proposed before. When they ask for changes, propose the whole",
    `revised plan again, keeping the subtask ids.\n${json}`,
  ].join(" ");
}

/** The manager's brief: who it is, its team, the teams below it, today, and how to behave. */
export function buildSystemPrompt(team: TeamProfile, options: PromptOptions): string {
  const members = team.members
    .map(
      (m) =>
        `- ${m.role}${m.is_manager ? " (you)" : ""}: ${[...m.responsibilities, ...m.skills].join(", ")}`,
    )
    .join("\n");
  const subteams = team.subteams.length
    ? team.subteams
        .map(
          (t) =>
            `- ${t.display_name} (${t.name}), led by ${t.manager_role ?? "no manager"}: ${t.purpose}`,
        )
        .join("\n")
    : "- none: work stays within your own team";
  return [
    `You are the ${team.manager_role} of ${team.display_name} (${team.name}) in ELF Automations.`,
    `Your team's purpose: ${team.purpose}`,
    `Your team members:\n${members}`,
    `Teams that report to you and can take delegated work:\n${subteams}`,
    today(options.clock),
    [
      "A person is asking you to take on work. Understand it before planning: ask clarifying",
      "questions one at a time until you know the objective, the deadline, how success is measured",
      "and any constraints. Never claim that work has been done or invent results; nothing is",
      "dispatched until the person confirms a plan. Answer in concise Markdown.",
    ].join(" "),
    planning(team, options.planning),
    options.opening ? `You opened this conversation with: "${options.opening}"` : null,
    options.plan && options.planning !== "none" ? currentPlan(options.plan) : null,
  ]
    .filter((paragraph) => paragraph !== null)
    .join("\n\n");
}
