import type { Metadata } from "next";
import { DecisionList } from "@/components/decisions/decision-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SiteHeader } from "@/components/site-header";
import { requirePageUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { listAwaitingDecisions } from "@/lib/delegation/decisions";

export const metadata: Metadata = { title: "Decisions" };
export const dynamic = "force-dynamic";

export default async function DecisionsPage() {
  const user = await requirePageUser("/decisions");
  // Viewers confirm nothing, so nothing waits on them.
  const decisions = user.role === "viewer" ? [] : await listAwaitingDecisions(getDb(), user.id);

  return (
    <>
      <SiteHeader user={user} />
      {/* A plan proposed, revised, confirmed or cancelled in any chat shows without a reload. */}
      <LiveRefresh userId={user.id} topics={["plans"]} />
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
        <div>
          <h1 className="text-2xl font-semibold">Decisions</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Plans your teams&apos; managers proposed that wait for your confirmation. Nothing is
            dispatched until you confirm.
          </p>
        </div>
        <section aria-label="Plans awaiting you" aria-live="polite">
          {decisions.length === 0 ? (
            <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
              {user.role === "viewer"
                ? "Viewers do not confirm plans."
                : "No plan is waiting for you."}
            </p>
          ) : (
            <DecisionList decisions={decisions} />
          )}
        </section>
      </main>
    </>
  );
}
