// Where a plan stands: proposed (open for edits), confirmed (a task) or cancelled.
import clsx from "clsx";
import type { DelegationPlan } from "@/lib/protocol";

const STYLES: Record<DelegationPlan["status"], string> = {
  proposed:
    "bg-indigo-50 text-indigo-800 ring-indigo-200 dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-900",
  confirmed:
    "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-900",
  cancelled:
    "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
};

export function PlanStatusBadge({
  status,
  version,
}: {
  status: DelegationPlan["status"];
  version: number;
}) {
  return (
    <span className="inline-flex items-center gap-2 text-xs">
      <span className="tabular-nums text-zinc-600 dark:text-zinc-400">Version {version}</span>
      <span
        data-plan-status={status}
        className={clsx(
          "rounded-full px-2 py-0.5 font-medium capitalize ring-1 ring-inset",
          STYLES[status],
        )}
      >
        {status}
      </span>
    </span>
  );
}
