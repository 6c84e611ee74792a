"use client";

// Cancels a task that has not finished, through the server action the page passes as onCancel.
import { useActionState } from "react";

export interface CancelTaskState {
  error: string | null;
}

export type CancelTaskAction = (state: CancelTaskState) => Promise<CancelTaskState>;

export function CancelTaskButton({ onCancel }: { onCancel: CancelTaskAction }) {
  const [state, action, isPending] = useActionState(onCancel, { error: null });
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <button
        type="submit"
        disabled={isPending}
        className="rounded-lg border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
      >
        {isPending ? "Cancelling…" : "Cancel task"}
      </button>
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        {state.error}
      </p>
    </form>
  );
}
