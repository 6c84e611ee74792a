"use client";

// One subtask in the plan editor: its fields, its team, and buttons to move or remove it.
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import type { FieldErrors, SubtaskForm } from "./plan-form";
import { SelectField, TextField } from "./form-fields";
import type { ActiveTeams } from "./use-active-teams";

interface SubtaskEditorProps {
  subtask: SubtaskForm;
  index: number;
  count: number;
  teams: ActiveTeams;
  errors: FieldErrors;
  /** The subtasks this one waits for, as the reader knows them ("subtask 1"). */
  waitsFor: string[];
  /** The buttons' DOM ids, so focus can follow a moved subtask. */
  buttonId: (action: "up" | "down") => string;
  onChange: (patch: Partial<SubtaskForm>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}

const ICON_BUTTON =
  "inline-flex items-center gap-1 rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800";

function teamOptions(teams: ActiveTeams, current: string) {
  const options =
    teams.state === "ready"
      ? teams.teams.map((t) => ({ value: t.slug, label: `${t.displayName} (${t.slug})` }))
      : [];
  // A team that is no longer active stays visible as it is, so the reader sees why saving fails.
  if (!options.some((o) => o.value === current)) {
    options.unshift({
      value: current,
      label: teams.state === "ready" ? `${current} (not an active team)` : current,
    });
  }
  return options;
}

export function SubtaskEditor({
  subtask,
  index,
  count,
  teams,
  errors,
  waitsFor,
  buttonId,
  onChange,
  onMove,
  onRemove,
}: SubtaskEditorProps) {
  const number = index + 1;
  const error = (field: string) => errors[`subtasks.${index}.${field}`];
  return (
    <li>
      <fieldset className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <legend className="float-left text-sm font-semibold">Subtask {number}</legend>
          <div className="flex gap-1.5">
            <button
              type="button"
              id={buttonId("up")}
              className={ICON_BUTTON}
              disabled={index === 0}
              onClick={() => onMove(index - 1)}
              aria-label={`Move subtask ${number} up`}
            >
              <ArrowUp aria-hidden className="size-3.5" /> Up
            </button>
            <button
              type="button"
              id={buttonId("down")}
              className={ICON_BUTTON}
              disabled={index === count - 1}
              onClick={() => onMove(index + 1)}
              aria-label={`Move subtask ${number} down`}
            >
              <ArrowDown aria-hidden className="size-3.5" /> Down
            </button>
            <button
              type="button"
              className={ICON_BUTTON}
              disabled={count === 1}
              onClick={onRemove}
              aria-label={`Remove subtask ${number}`}
              title={count === 1 ? "A plan needs at least one subtask." : undefined}
            >
              <Trash2 aria-hidden className="size-3.5" /> Remove
            </button>
          </div>
        </div>
        <div className="grid clear-both gap-3 sm:grid-cols-2">
          <TextField
            label={`Subtask ${number} title`}
            value={subtask.title}
            onChange={(title) => onChange({ title })}
            error={error("title") ?? error("id")}
          />
          <SelectField
            label={`Subtask ${number} team`}
            value={subtask.team}
            onChange={(team) => onChange({ team })}
            options={teamOptions(teams, subtask.team)}
            error={error("team")}
            hint={
              teams.state === "loading"
                ? "Loading the active teams…"
                : teams.state === "failed"
                  ? teams.message
                  : undefined
            }
          />
        </div>
        <TextField
          label={`Subtask ${number} rationale`}
          hint="Why this team."
          rows={2}
          value={subtask.rationale}
          onChange={(rationale) => onChange({ rationale })}
          error={error("rationale")}
        />
        <TextField
          label={`Subtask ${number} instructions`}
          rows={4}
          value={subtask.instructions}
          onChange={(instructions) => onChange({ instructions })}
          error={error("instructions")}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label={`Subtask ${number} estimate (hours)`}
            type="number"
            value={subtask.estimated_hours}
            onChange={(estimated_hours) => onChange({ estimated_hours })}
            error={error("estimated_hours")}
          />
          {(waitsFor.length > 0 || error("depends_on")) && (
            <p className="self-end text-xs text-zinc-600 dark:text-zinc-400">
              Waits for {waitsFor.join(", ")}
              {error("depends_on") && (
                <span className="block font-medium text-red-700 dark:text-red-300">
                  {error("depends_on")}
                </span>
              )}
            </p>
          )}
        </div>
      </fieldset>
    </li>
  );
}
