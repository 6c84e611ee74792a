import type { TeamProfile } from "@/lib/teams/profile";
import { assignableTeams, PROPOSE_TOOL } from "./proposal";

/** The manager's brief: who it is, its team, the teams below it, and how to behave. */
export function buildSystemPrompt(team: TeamProfile, options: { offersPlans: boolean }): string {
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
    "A person is asking you to take on work. Understand it before planning: ask clarifying",
    "questions one at a time until you know the objective, the deadline, how success is measured",
    "and any constraints. Never claim that work has been done or invent results; nothing is",
    "dispatched until the person confirms a plan. Answer in concise Markdown.",
    options.offersPlans
      ? [
          `When you know enough, propose the plan by calling ${PROPOSE_TOOL}: the person sees it as a card`,
          "to edit and confirm, so introduce it in a sentence or two instead of writing it out. Subtasks",
          `may only go to: ${assignableTeams(team).join(", ")}. If the tool refuses a plan, fix what it names and call it again.`,
        ].join(" ")
      : "Plans are not offered as previews in this team's chat: summarise in words which of your teams should do which part, and why.",
  ].join("\n\n");
}
