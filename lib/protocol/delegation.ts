// The delegation preview (product.md §4): a typed, versioned plan, a superset of ELF's
// DelegationSpec so ELF tools can read it. Drafts come from managers; edits from people.
import { z } from "zod";
import { hasControlChars } from "../input/text";

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const prioritySchema = z.enum(PRIORITIES);

/**
 * A team as the registry names it (ELF's teams.name): free text, not always a slug — "Marketing &
 * Growth (EU)" is a team too. Only what no name can hold is refused.
 */
export const teamNameSchema = z
  .string()
  .min(1, "is not a team name")
  .max(255)
  .refine((name) => !hasControlChars(name) && name.trim() === name, "is not a team name");
const slug = teamNameSchema;
const shortText = z.string().trim().min(1).max(300);
const longText = z.string().trim().max(8000);
const hours = z.number().min(0).max(10_000).nullable();

export const subtaskSchema = z.object({
  id: z.string().min(1).max(64),
  title: shortText,
  instructions: longText.min(1),
  team: slug,
  /** Why this team: what matched (purpose, capabilities, members). */
  rationale: longText,
  depends_on: z.array(z.string().min(1).max(64)).max(50),
  estimated_hours: hours,
});
export type Subtask = z.infer<typeof subtaskSchema>;

export const requirementSchema = z.object({
  description: shortText,
  confidence: z.number().min(0).max(1).optional(),
  category: z.string().max(100).optional(),
});

/** What a manager proposes, and what a person may change: everything but identity and bookkeeping. */
export const planDraftSchema = z
  .object({
    title: shortText,
    description: longText,
    objective: longText.min(1),
    priority: prioritySchema,
    deadline: z.iso.datetime({ offset: true }).nullable(),
    estimated_hours: hours,
    success_criteria: z.array(shortText).max(50),
    constraints: z.array(shortText).max(50),
    requirements: z.array(requirementSchema).max(50),
    subtasks: z.array(subtaskSchema).min(1, "A plan needs at least one subtask.").max(50),
    suggested_teams: z.array(slug).max(50),
    required_skills: z.array(shortText).max(50).default([]),
    key_decisions: z.record(z.string(), z.unknown()).default({}),
    confidence_level: z.number().min(0).max(1).nullable(),
    chat_summary: longText,
  })
  .superRefine((draft, ctx) => {
    const ids = new Set<string>();
    draft.subtasks.forEach((subtask, index) => {
      if (ids.has(subtask.id))
        ctx.addIssue({
          code: "custom",
          path: ["subtasks", index, "id"],
          message: "is used by another subtask",
        });
      ids.add(subtask.id);
    });
    draft.subtasks.forEach((subtask, index) => {
      for (const dependency of subtask.depends_on) {
        if (!ids.has(dependency) || dependency === subtask.id) {
          ctx.addIssue({
            code: "custom",
            path: ["subtasks", index, "depends_on"],
            message: `"${dependency}" is not another subtask of this plan`,
          });
        }
      }
    });
  });
export type PlanDraft = z.infer<typeof planDraftSchema>;
export type PlanDraftInput = z.input<typeof planDraftSchema>;

export const PLAN_STATUSES = ["proposed", "confirmed", "cancelled"] as const;

export const delegationPlanSchema = z.intersection(
  planDraftSchema,
  z.object({
    id: z.uuid(),
    version: z.number().int().positive(),
    status: z.enum(PLAN_STATUSES),
    session_id: z.uuid(),
    user_id: z.string(),
    /** The team whose manager proposed it (the slug). */
    team: slug,
    source: z.literal("chat_interface"),
    /** The task a confirmed plan became, so a reloaded card can link to it; null until confirmed. */
    task_id: z.uuid().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  }),
);
export type DelegationPlan = z.infer<typeof delegationPlanSchema>;
