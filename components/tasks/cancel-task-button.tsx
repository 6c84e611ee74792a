"use client";

// "Cancel task" on a task's page: asks first (open subtasks stop, work already with a team may
// go on), then shows the server's answer — a refusal's message in place, a success by refreshing.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { Ack } from "@/lib/protocol/ack";
import type { cancelTask } from "@/lib/tasks/cancel";

interface CancelTaskButtonProps {
  taskId: string;
  cancel: (input: { task_id: string }) => Promise<Ack<Awaited<ReturnType<typeof cancelTask>>>>;
}

const BUTTON =
  "rounded-lg px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

export function CancelTaskButton({ taskId, cancel }: CancelTaskButtonProps) {
  const router = useRouter();
  const [isAsking, setIsAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function confirmCancel() {
    setError(null);
    startTransition(async () => {
      const result = await cancel({ task_id: taskId });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setIsAsking(false);
      router.refresh();
    });
  }

  return (
    <div className="space-y-2">
      {isAsking ? (
        <div
          role="group"
          aria-label="Confirm cancelling the task"
          className="flex flex-wrap items-center gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/60 dark:text-red-100"
        >
          <p className="flex-1">
            Cancel this task? Its open subtasks stop. Work already handed to a team may go on there.
          </p>
          <button
            type="button"
            className={`${BUTTON} bg-red-600 text-white hover:bg-red-500`}
            onClick={confirmCancel}
            disabled={isPending}
          >
            {isPending ? "Cancelling…" : "Yes, cancel the task"}
          </button>
          <button
            type="button"
            className={`${BUTTON} border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800`}
            onClick={() => setIsAsking(false)}
            disabled={isPending}
          >
            Keep it
          </button>
        </div>
      ) : (
        <button
          type="button"
          className={`${BUTTON} border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950`}
          onClick={() => {
            setError(null);
            setIsAsking(true);
          }}
        >
          Cancel task
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
