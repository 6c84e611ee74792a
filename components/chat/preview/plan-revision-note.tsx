// A superseded version of the plan, collapsed to what changed, at the turn that changed it. The
// plan itself is shown once, on the card at the turn that proposed it.
import { History } from "lucide-react";
import type { PlanRevision } from "../chat-state";
import { planChanges } from "./plan-changes";

export function PlanRevisionNote({
  revision,
  onShowPlan,
}: {
  revision: PlanRevision;
  onShowPlan: () => void;
}) {
  const changes = planChanges(revision.from, revision.to);
  return (
    <aside
      aria-label={`Plan revised: version ${revision.from.version} to ${revision.to.version}`}
      className="self-center rounded-xl border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
    >
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <History aria-hidden className="size-3.5" />
        <span className="font-medium">
          Plan revised: version {revision.from.version} → {revision.to.version}
        </span>
        <button
          type="button"
          onClick={onShowPlan}
          className="min-h-6 font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
        >
          Show the plan
        </button>
      </p>
      <p className="mt-0.5">
        {changes.length > 0 ? `Changed: ${changes.join("; ")}.` : "Nothing in the plan changed."}
      </p>
    </aside>
  );
}
