"use client";

// The whole plan as a form: every field, and the subtasks to add, remove, reorder and reassign.
import { Plus } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { PRIORITIES } from "@/lib/protocol";
import { SelectField, TextField } from "./form-fields";
import {
  moveSubtask,
  newSubtask,
  removeSubtask,
  type FieldErrors,
  type PlanForm,
  type SubtaskForm,
} from "./plan-form";
import { SubtaskEditor } from "./subtask-editor";
import type { ActiveTeams } from "./use-active-teams";

interface PlanEditorProps {
  form: PlanForm;
  onChange: (form: PlanForm) => void;
  errors: FieldErrors;
  teams: ActiveTeams;
  /** The team a new subtask starts with (the plan's own). */
  defaultTeam: string;
}

export function PlanEditor({ form, onChange, errors, teams, defaultTeam }: PlanEditorProps) {
  const prefix = useId();
  const buttonId = (key: string, action: "up" | "down") => `${prefix}-${key}-${action}`;
  // After a move, focus stays on the moved subtask's button (or its other one at an end).
  const [moved, setMoved] = useState<{ key: string; action: "up" | "down" } | null>(null);
  useEffect(() => {
    if (!moved) return;
    const wanted = document.getElementById(
      buttonId(moved.key, moved.action),
    ) as HTMLButtonElement | null;
    const other = document.getElementById(
      buttonId(moved.key, moved.action === "up" ? "down" : "up"),
    ) as HTMLButtonElement | null;
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- buttonId only depends on the stable prefix
  }, [moved]);

  const set = (patch: Partial<PlanForm>) => onChange({ ...form, ...patch });
  const setSubtask = (index: number, patch: Partial<SubtaskForm>) =>
    set({ subtasks: form.subtasks.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  const numberOf = new Map(form.subtasks.map((s, i) => [s.id, i + 1]));

  return (
    <div className="space-y-4">
      <TextField
        label="Title"
        value={form.title}
        onChange={(title) => set({ title })}
        error={errors.title}
      />
      <TextField
        label="Objective"
        rows={3}
        value={form.objective}
        onChange={(objective) => set({ objective })}
        error={errors.objective}
      />
      <TextField
        label="Description"
        rows={3}
        value={form.description}
        onChange={(description) => set({ description })}
        error={errors.description}
      />
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Priority"
          value={form.priority}
          onChange={(priority) => set({ priority: priority as PlanForm["priority"] })}
          options={PRIORITIES.map((p) => ({
            value: p,
            label: p.charAt(0).toUpperCase() + p.slice(1),
          }))}
          error={errors.priority}
        />
        <TextField
          label="Deadline"
          type="date"
          value={form.deadline}
          onChange={(deadline) => set({ deadline })}
          error={errors.deadline}
          hint="Empty for none."
        />
        <TextField
          label="Estimate (hours)"
          type="number"
          value={form.estimated_hours}
          onChange={(estimated_hours) => set({ estimated_hours })}
          error={errors.estimated_hours}
        />
      </div>
      <TextField
        label="Success criteria"
        hint="One per line."
        rows={3}
        value={form.success_criteria}
        onChange={(success_criteria) => set({ success_criteria })}
        error={errors.success_criteria}
      />
      <TextField
        label="Constraints"
        hint="One per line."
        rows={3}
        value={form.constraints}
        onChange={(constraints) => set({ constraints })}
        error={errors.constraints}
      />
      <section aria-label="Subtasks" className="space-y-2">
        <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          Subtasks ({form.subtasks.length})
        </h3>
        {errors.subtasks && (
          <p className="text-xs font-medium text-red-700 dark:text-red-300">{errors.subtasks}</p>
        )}
        <ol className="space-y-3">
          {form.subtasks.map((subtask, index) => (
            <SubtaskEditor
              key={subtask.key}
              subtask={subtask}
              index={index}
              count={form.subtasks.length}
              teams={teams}
              errors={errors}
              waitsFor={subtask.depends_on.map((id) =>
                numberOf.has(id) ? `subtask ${numberOf.get(id)}` : id,
              )}
              buttonId={(action) => buttonId(subtask.key, action)}
              onChange={(patch) => setSubtask(index, patch)}
              onMove={(to) => {
                set({ subtasks: moveSubtask(form.subtasks, index, to) });
                setMoved({ key: subtask.key, action: to < index ? "up" : "down" });
              }}
              onRemove={() => set({ subtasks: removeSubtask(form.subtasks, index) })}
            />
          ))}
        </ol>
        <button
          type="button"
          onClick={() => set({ subtasks: [...form.subtasks, newSubtask(form, defaultTeam)] })}
          disabled={form.subtasks.length >= 50}
          className="inline-flex items-center gap-1.5 rounded-lg border border-dashed border-zinc-400 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          <Plus aria-hidden className="size-4" /> Add a subtask
        </button>
      </section>
    </div>
  );
}
