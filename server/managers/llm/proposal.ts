// How the LLM manager proposes a plan: one tool whose input is the plan draft, limited to the
// teams this manager may hand work to (its own and the active teams below it, as the offline
// planner routes). A proposal that is not a valid plan is refused with the reasons, in words, so
// the model can correct it and the person can read them; only a valid one becomes the reply's draft.
import { jsonSchema, tool, zodSchema } from "ai";
import { z } from "zod";
import { planDraftSchema, subtaskSchema, type PlanDraft } from "@/lib/protocol";
import type { TeamProfile } from "@/lib/teams/profile";
import type { OrgClock } from "./clock";
import { readDeadline } from "./deadline";

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

/** The JSON Schema the model is given for a plan. */
export function proposalJsonSchema(teams: [string, ...string[]]) {
  return zodSchema(proposalInputSchema(teams)).jsonSchema;
}

/** A proposal that is not a valid plan, with what to fix, one reason a line. */
export class PlanRefusal extends Error {
  override name = "PlanRefusal";
  constructor(readonly reasons: string[]) {
    super(
      `The plan was not shown. Fix these and propose the whole plan again:\n${reasons.map((r) => `- ${r}`).join("\n")}`,
    );
  }
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === "object"
        ? (value as Record<PropertyKey, unknown>)[key]
        : undefined,
    input,
  );
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  const isMissing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
  return `${where}${isMissing ? "is missing" : issue.message}`;
}

/** The plan in `input`, or a PlanRefusal saying what to fix. A deadline in words becomes a date. */
export function readProposal(input: unknown, teams: readonly string[], clock: OrgClock): PlanDraft {
  const proposal =
    input !== null && typeof input === "object" && "deadline" in input
      ? { ...input, deadline: readDeadline(input.deadline, clock) }
      : input;
  const parsed = planDraftSchema.safeParse(proposal);
  if (!parsed.success)
    throw new PlanRefusal(parsed.error.issues.map((issue) => describeIssue(issue, proposal)));
  const unknown = [
    ...new Set(parsed.data.subtasks.map((s) => s.team).filter((name) => !teams.includes(name))),
  ];
  if (unknown.length > 0)
    throw new PlanRefusal([
      `subtasks can only go to ${teams.join(", ")}; not to ${unknown.join(", ")}`,
    ]);
  return parsed.data;
}

/** The reasons a tool call was refused, from the tool's error (or the SDK's, for unreadable input). */
export function refusalReasons(error: unknown): string[] {
  if (error instanceof PlanRefusal) return error.reasons;
  const message = error instanceof Error ? error.message : String(error);
  return /JSON parsing failed|JSON\.parse|Unexpected token|Unterminated/i.test(message)
    ? ["the plan's arguments were not valid JSON"]
    : [message.split("\n")[0]!.slice(0, 200)];
}

export function createProposalTool(
  team: TeamProfile,
  clock: OrgClock,
  onAccepted: (draft: PlanDraft) => void,
) {
  const teams = assignableTeams(team);
  return tool({
    description: [
      "Show the person a delegation plan as a card they can edit, then confirm or cancel.",
      "Call it once you know the objective and at least the deadline or how success is measured,",
      "or when the person asks you to go ahead or to change the plan (send the whole plan again).",
      "Split the work into subtasks, each for one team, with a rationale naming what about that team",
      "fits (its purpose, skills or members). Deadlines are ISO 8601 date-times with the organisation's offset.",
      "Nothing is dispatched until the person confirms.",
    ].join(" "),
    // Checked by readProposal, not the SDK: its refusals quote the whole input back, ours say what to fix.
    inputSchema: jsonSchema<Record<string, unknown>>(proposalJsonSchema(teams)),
    execute: async (input) => {
      onAccepted(readProposal(input, teams, clock));
      return {
        shown: true,
        note: "The person now sees the plan as a card; do not repeat it in full.",
      };
    },
  });
}
