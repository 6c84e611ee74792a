// A task's or subtask's status as a coloured label, the same on the chat card and on /tasks.
import clsx from "clsx";
import type { TaskStatus } from "@/lib/tasks/status";

const STYLES: Record<TaskStatus, { label: string; className: string }> = {
  pending: {
    label: "Pending",
    className:
      "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  },
  dispatched: {
    label: "Dispatched",
    className:
      "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-900",
  },
  in_progress: {
    label: "In progress",
    className:
      "bg-indigo-50 text-indigo-800 ring-indigo-200 dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-900",
  },
  completed: {
    label: "Completed",
    className:
      "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-900",
  },
  failed: {
    label: "Failed",
    className:
      "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900",
  },
  cancelled: {
    label: "Cancelled",
    className:
      "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900",
  },
};

export const TASK_STATUS_LABELS = Object.fromEntries(
  Object.entries(STYLES).map(([status, { label }]) => [status, label]),
) as Record<TaskStatus, string>;

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { label, className } = STYLES[status];
  return (
    <span
      data-status={status}
      className={clsx(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        className,
      )}
    >
      {label}
    </span>
  );
}
