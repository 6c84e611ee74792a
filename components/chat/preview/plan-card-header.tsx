// The top of a delegation plan card, live or read-only: what it is, its title, version and status.
import type { DelegationPlan } from "@/lib/protocol";
import { PlanStatusBadge } from "./plan-status-badge";

export function PlanCardHeader({
  title,
  status,
  version,
}: {
  title: string;
  status: DelegationPlan["status"];
  version: number;
}) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-2">
      <div className="min-w-0">
        <p className="text-xs font-semibold tracking-wide text-indigo-700 uppercase dark:text-indigo-300">
          Delegation plan
        </p>
        <h2 className="text-base font-semibold break-words">{title}</h2>
      </div>
      <PlanStatusBadge status={status} version={version} />
    </header>
  );
}

export const PLAN_CARD_CLASS =
  "mx-auto w-full max-w-3xl space-y-4 rounded-2xl border border-indigo-200 bg-white p-4 shadow-sm dark:border-indigo-900/70 dark:bg-zinc-900";
