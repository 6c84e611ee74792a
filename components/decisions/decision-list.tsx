// The plans waiting on the signed-in user, across teams: what each would do, and the way to the
// chat where it is reviewed, edited and confirmed.
import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { LocalTime } from "@/components/chat/local-time";
import type { Decision } from "@/lib/delegation/decisions";

export function DecisionList({ decisions }: { decisions: Decision[] }) {
  return (
    <ul className="flex flex-col gap-3">
      {decisions.map((decision) => {
        const { plan } = decision;
        const teams = [...new Set(plan.subtasks.map((s) => s.team))];
        return (
          <li key={decision.plan_id}>
            <article
              aria-label={`Plan awaiting you: ${plan.title}`}
              className="rounded-xl border border-amber-300 bg-white p-4 shadow-sm dark:border-amber-800 dark:bg-zinc-900"
            >
              <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <h2 className="text-base font-semibold break-words">{plan.title}</h2>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  {decision.team.display_name} · version {decision.version} ·{" "}
                  <LocalTime iso={decision.updated_at.toISOString()} pattern="d MMM, HH:mm" />
                </p>
              </header>
              {plan.objective && (
                <p className="mt-2 text-sm break-words text-zinc-700 dark:text-zinc-300">
                  {plan.objective}
                </p>
              )}
              <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
                {plan.subtasks.length} {plan.subtasks.length === 1 ? "subtask" : "subtasks"} for{" "}
                {teams.join(", ")} · priority {plan.priority}
              </p>
              <Link
                href={`/teams/${encodeURIComponent(decision.team.name)}/chat`}
                className="mt-3 inline-flex min-h-8 items-center gap-1.5 rounded-lg bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-500"
              >
                Review and confirm
                <span className="sr-only"> {plan.title}</span>
                <ArrowRight aria-hidden className="size-4" />
              </Link>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
