// The plan as an edit form holds it (text for numbers, dates and lists), and the way back to a
// draft: only planDraftSchema's fields, validated here with the same schema the server uses.
import { endOfDay, format, formatISO, parseISO } from "date-fns";
import type { z } from "zod";
import { planDraftSchema, type DelegationPlan, type PlanDraft } from "@/lib/protocol";

export interface SubtaskForm {
  /** Stable across reorders and id edits, for React keys and focus. */
  key: string;
  id: string;
  title: string;
  instructions: string;
  team: string;
  rationale: string;
  depends_on: string[];
  estimated_hours: string;
}

export interface PlanForm {
  title: string;
  description: string;
  objective: string;
  priority: PlanDraft["priority"];
  /** yyyy-MM-dd, or "" for no deadline. */
  deadline: string;
  estimated_hours: string;
  /** One per line. */
  success_criteria: string;
  constraints: string;
  subtasks: SubtaskForm[];
}

/** Field errors by path: "title", "success_criteria", "subtasks.1.team", "subtasks". */
export type FieldErrors = Record<string, string>;

const CRITERION = "success_criterion";
const CONSTRAINT = "constraint";

let nextKey = 0;
const newKey = () => `subtask-${++nextKey}`;

const hoursText = (value: number | null) => (value === null ? "" : String(value));
const readHours = (text: string) => (text.trim() === "" ? null : Number(text));
const readLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

export function deadlineDate(deadline: string | null): string {
  return deadline ? format(parseISO(deadline), "yyyy-MM-dd") : "";
}

export function toForm(plan: DelegationPlan): PlanForm {
  return {
    title: plan.title,
    description: plan.description,
    objective: plan.objective,
    priority: plan.priority,
    deadline: deadlineDate(plan.deadline),
    estimated_hours: hoursText(plan.estimated_hours),
    success_criteria: plan.success_criteria.join("\n"),
    constraints: plan.constraints.join("\n"),
    subtasks: plan.subtasks.map((subtask) => ({
      ...subtask,
      key: newKey(),
      estimated_hours: hoursText(subtask.estimated_hours),
    })),
  };
}

export function newSubtask(form: PlanForm, team: string): SubtaskForm {
  const taken = new Set(form.subtasks.map((s) => s.id));
  let n = form.subtasks.length + 1;
  while (taken.has(`s${n}`)) n += 1;
  return {
    key: newKey(),
    id: `s${n}`,
    title: "",
    instructions: "",
    team,
    rationale: "",
    depends_on: [],
    estimated_hours: "",
  };
}

/** Without the subtask at `index`, and without the other subtasks' waits on it. */
export function removeSubtask(subtasks: SubtaskForm[], index: number): SubtaskForm[] {
  const removed = subtasks[index]?.id;
  return subtasks
    .filter((_, i) => i !== index)
    .map((s) => ({ ...s, depends_on: s.depends_on.filter((d) => d !== removed) }));
}

export function moveSubtask(subtasks: SubtaskForm[], from: number, to: number): SubtaskForm[] {
  if (to < 0 || to >= subtasks.length) return subtasks;
  const moved = [...subtasks];
  const [item] = moved.splice(from, 1);
  moved.splice(to, 0, item!);
  return moved;
}

/** The deadline as stored: the original instant when the day is unchanged, else the end of that day here. */
function readDeadline(text: string, original: string | null): string | null {
  if (text === "") return null;
  if (original && deadlineDate(original) === text) return original;
  const day = parseISO(text);
  return Number.isNaN(day.getTime()) ? text : formatISO(endOfDay(day));
}

/** The whole draft: what the form edits, plus the plan's other fields kept consistent with it. */
export function toDraftInput(
  form: PlanForm,
  plan: DelegationPlan,
): z.input<typeof planDraftSchema> {
  const success_criteria = readLines(form.success_criteria);
  const constraints = readLines(form.constraints);
  const subtasks = form.subtasks.map((s) => ({
    id: s.id.trim(),
    title: s.title,
    instructions: s.instructions,
    team: s.team,
    rationale: s.rationale,
    depends_on: s.depends_on,
    estimated_hours: readHours(s.estimated_hours),
  }));
  // Requirements derived from criteria and constraints follow their edits; any others stay.
  const otherRequirements = plan.requirements.filter(
    (r) => r.category !== CRITERION && r.category !== CONSTRAINT,
  );
  return {
    title: form.title,
    description: form.description,
    objective: form.objective,
    priority: form.priority,
    deadline: readDeadline(form.deadline, plan.deadline),
    estimated_hours: readHours(form.estimated_hours),
    success_criteria,
    constraints,
    requirements: [
      ...otherRequirements,
      ...success_criteria.map((description) => ({ description, category: CRITERION })),
      ...constraints.map((description) => ({ description, category: CONSTRAINT })),
    ].slice(0, 50),
    subtasks,
    suggested_teams: [...new Set(subtasks.map((s) => s.team))],
    required_skills: plan.required_skills,
    key_decisions: plan.key_decisions,
    confidence_level: plan.confidence_level,
    chat_summary: plan.chat_summary,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? "Required." : `At least ${issue.minimum} characters.`;
      if (issue.origin === "array") return issue.message;
      return `At least ${issue.minimum}.`;
    case "too_big":
      if (issue.origin === "string") return `At most ${issue.maximum} characters.`;
      if (issue.origin === "array") return `At most ${issue.maximum} items.`;
      return `At most ${issue.maximum}.`;
    case "invalid_type":
      return issue.expected === "number" ? "Enter a number." : "Required.";
    case "invalid_format":
      return "Enter a valid date.";
    default:
      return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
}

/** A list's line errors are reported on the list, naming the line. */
function fieldOf(path: PropertyKey[]): { key: string; line: number | null } {
  const [first, second, third] = path;
  if ((first === "success_criteria" || first === "constraints") && typeof second === "number")
    return { key: first, line: second + 1 };
  if (first === "subtasks" && typeof second === "number" && typeof third === "string")
    return { key: `subtasks.${second}.${third}`, line: null };
  if (first === "subtasks" && typeof second === "number")
    return { key: `subtasks.${second}.title`, line: null };
  return { key: String(first ?? "form"), line: null };
}

export function readDraft(
  form: PlanForm,
  plan: DelegationPlan,
): { ok: true; draft: PlanDraft } | { ok: false; errors: FieldErrors } {
  const parsed = planDraftSchema.safeParse(toDraftInput(form, plan));
  if (parsed.success) return { ok: true, draft: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const { key, line } = fieldOf(issue.path);
    errors[key] ??= line === null ? describeIssue(issue) : `Line ${line}: ${describeIssue(issue)}`;
  }
  return { ok: false, errors };
}
