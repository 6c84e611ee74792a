// How the LLM manager proposes a plan: one tool whose input is the plan draft, limited to the
// teams this manager may hand work to (its own and the active teams below it, as the offline
// planner routes). A proposal that is not a valid plan is refused with the reasons, so the model
// can correct it; only a valid one becomes the reply's draft.
import { tool } from "ai";
import { z } from "zod";
import { planDraftSchema, subtaskSchema, type PlanDraft } from "@/lib/protocol";
import type { TeamProfile } from "@/lib/teams/profile";

export const PROPOSE_TOOL = "propose_delegation";
/** Proposals the model may make for one reply, the first included. */
export const MAX_PROPOSALS = 3;

/** The manager's own team first, then the active teams that report to it. */
export function assignableTeams(team: TeamProfile): [string, ...string[]] {
  return [team.name, ...team.subteams.filter((t) => t.status === "active").map((t) => t.name)];
}

/** The draft's own schema with team names narrowed to `teams`, so the model sees the choices. */
export function proposalInputSchema(teams: [string, ...string[]]) {
  const team = z.enum(teams);
  return z.object({
    ...planDraftSchema.shape,
    subtasks: z.array(subtaskSchema.extend({ team })).min(1).max(50),
    suggested_teams: z.array(team).max(50),
  });
}

/** The plan in `input`, or an Error whose message tells the model what to fix. */
export function readProposal(input: unknown, teams: readonly string[]): PlanDraft {
  const parsed = planDraftSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      `The plan is not valid, so it was not shown:\n${z.prettifyError(parsed.error)}`,
    );
  const unknown = [
    ...new Set(parsed.data.subtasks.map((s) => s.team).filter((name) => !teams.includes(name))),
  ];
  if (unknown.length > 0) {
    throw new Error(
      `The plan was not shown: subtasks can only go to ${teams.join(", ")}; not to ${unknown.join(", ")}.`,
    );
  }
  return parsed.data;
}

export function createProposalTool(team: TeamProfile, onAccepted: (draft: PlanDraft) => void) {
  const teams = assignableTeams(team);
  return tool({
    description: [
      "Show the person a delegation plan as a card they can edit, then confirm or cancel.",
      "Call it once you know the objective and at least the deadline or how success is measured,",
      "or when the person asks you to go ahead. Split the work into subtasks, each for one team,",
      "with a rationale naming what about that team fits (its purpose, skills or members).",
      "Deadlines are ISO 8601 date-times with an offset. Nothing is dispatched until the person confirms.",
    ].join(" "),
    inputSchema: proposalInputSchema(teams),
    execute: async (input) => {
      const draft = readProposal(input, teams);
      onAccepted(draft);
      return {
        shown: true,
        note: "The person now sees the plan as a card; do not repeat it in full.",
      };
    },
  });
}
