// A delegation plan for people who may read a chat but not act in it (viewers' transcripts): the
// latest version, where it stands, and its task once confirmed. No buttons, by construction.
import Link from "next/link";
import type { DelegationPlan } from "@/lib/protocol";
import { PlanCardHeader, PLAN_CARD_CLASS } from "./plan-card-header";
import { PlanDetails } from "./plan-details";

export function PlanCardReadOnly({ plan }: { plan: DelegationPlan }) {
  return (
    <section
      aria-label={`Delegation plan: ${plan.title}`}
      data-plan-version={plan.version}
      className={PLAN_CARD_CLASS}
    >
      <PlanCardHeader title={plan.title} status={plan.status} version={plan.version} />
      <PlanDetails plan={plan} />
      {plan.status === "confirmed" && (
        <p className="text-sm font-medium text-emerald-800 dark:text-emerald-200">
          Confirmed — task created.{" "}
          <Link
            href={plan.task_id ? `/tasks/${plan.task_id}` : "/tasks"}
            className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
          >
            {plan.task_id ? "View the task" : "See tasks"}
          </Link>
        </p>
      )}
      {plan.status === "cancelled" && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          This plan was cancelled; nothing was dispatched.
        </p>
      )}
      {plan.status === "proposed" && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Waiting for the person chatting to confirm it. You can read this plan but not change or
          confirm it.
        </p>
      )}
    </section>
  );
}
