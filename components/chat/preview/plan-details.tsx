// A plan's fields, read-only: on the chat's preview card and on a task's page (the confirmed version).
import { formatDuration } from "date-fns";
import type { ReactNode } from "react";
import type { PlanDraft } from "@/lib/protocol";
import { LocalTime } from "../local-time";

const PRIORITY_STYLES: Record<PlanDraft["priority"], string> = {
  low: "text-zinc-600 dark:text-zinc-400",
  normal: "text-zinc-800 dark:text-zinc-200",
  high: "text-amber-700 dark:text-amber-300",
  urgent: "text-red-700 dark:text-red-300",
};

export function formatHours(hours: number | null): string {
  if (hours === null) return "Not estimated";
  return hours === 0 ? "0 hours" : formatDuration({ hours });
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {title}
      </h3>
      {children}
    </section>
  );
}

function Bullets({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ul>
  );
}

export function PlanDetails({ plan }: { plan: PlanDraft }) {
  const numberOf = new Map(plan.subtasks.map((s, i) => [s.id, i + 1]));
  return (
    <div className="space-y-4">
      <Section title="Objective">
        <p className="text-sm whitespace-pre-wrap">{plan.objective}</p>
      </Section>
      <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Priority</dt>
          <dd className={`font-medium capitalize ${PRIORITY_STYLES[plan.priority]}`}>
            {plan.priority}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Deadline</dt>
          <dd className="font-medium">
            {plan.deadline ? <LocalTime iso={plan.deadline} pattern="EEE d MMM yyyy" /> : "None"}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Estimate</dt>
          <dd className="font-medium">{formatHours(plan.estimated_hours)}</dd>
        </div>
      </dl>
      <Section title="Success criteria">
        <Bullets items={plan.success_criteria} empty="None given." />
      </Section>
      <Section title="Constraints">
        <Bullets items={plan.constraints} empty="None given." />
      </Section>
      <Section title={`Subtasks (${plan.subtasks.length})`}>
        <ol aria-label="Subtasks" className="space-y-2">
          {plan.subtasks.map((subtask, index) => (
            <li
              key={subtask.id}
              aria-label={`Subtask ${index + 1}: ${subtask.title}`}
              className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-950"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <p className="font-medium">
                  <span className="text-zinc-500 tabular-nums dark:text-zinc-400">
                    {index + 1}.
                  </span>{" "}
                  {subtask.title}
                </p>
                <span
                  data-team={subtask.team}
                  className="rounded bg-zinc-200/70 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800"
                >
                  {subtask.team}
                </span>
              </div>
              {subtask.rationale && (
                <p className="mt-1 text-zinc-600 dark:text-zinc-400">{subtask.rationale}</p>
              )}
              <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                {formatHours(subtask.estimated_hours)}
                {subtask.depends_on.length > 0 &&
                  ` · after ${subtask.depends_on.map((id) => `subtask ${numberOf.get(id) ?? id}`).join(", ")}`}
              </p>
              <details className="mt-1">
                <summary className="cursor-pointer text-xs font-medium text-indigo-700 dark:text-indigo-300">
                  Instructions
                </summary>
                <p className="mt-1 text-xs whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
                  {subtask.instructions}
                </p>
              </details>
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}
