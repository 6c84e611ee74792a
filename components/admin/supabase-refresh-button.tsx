"use client";
import { OutcomeMessage } from "@/components/ui/outcome-message";
import { useActionOutcome } from "@/components/ui/use-action-outcome";
import { refreshSupabaseAction } from "./supabase-actions";

export function SupabaseRefreshButton() {
  const { pending, outcome, run } = useActionOutcome();
  return (
    <span className="inline-flex items-center gap-3">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(
            () => refreshSupabaseAction({}),
            ({ changed }) =>
              changed === 0
                ? "Read the project: nothing changed."
                : `Read the project: ${changed} team(s) changed.`,
          )
        }
        className="rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? "Reading…" : "Read the project now"}
      </button>
      <OutcomeMessage outcome={outcome} />
    </span>
  );
}
