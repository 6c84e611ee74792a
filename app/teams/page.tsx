import clsx from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SiteHeader } from "@/components/site-header";
import { TeamTable } from "@/components/teams/team-table";
import { TeamTree } from "@/components/teams/team-tree";
import { requirePageUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { listTeamsAwaitingUser } from "@/lib/delegation/decisions";
import { buildTeamTree, listTeamsForRole } from "@/lib/teams/service";
import { updateTeamSettingsAction } from "../admin/teams/actions";

export const metadata: Metadata = { title: "Teams" };

type View = "tree" | "list";

export default async function TeamsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("/teams");
  const view: View = (await searchParams).view === "list" ? "list" : "tree";
  const [teams, awaiting] = await Promise.all([
    listTeamsForRole(getDb(), user.role),
    user.role === "viewer" ? new Set<string>() : listTeamsAwaitingUser(getDb(), user.id),
  ]);
  const chatCount = teams.filter((t) => t.chat_available).length;
  const update = user.role === "admin" ? updateTeamSettingsAction : undefined;

  return (
    <>
      <SiteHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        {/* "plans": the "Awaiting you" marks follow plans proposed and decided in any chat. */}
        <LiveRefresh userId={user.id} topics={["teams", "plans"]} />
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">Teams</h1>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {teams.length} teams · you can chat with {chatCount}
            </p>
          </div>
          <nav
            aria-label="View"
            className="flex rounded-lg border border-zinc-200 p-0.5 text-sm dark:border-zinc-800"
          >
            {(["tree", "list"] as const).map((v) => (
              <Link
                key={v}
                href={v === "tree" ? "/teams" : "/teams?view=list"}
                aria-current={view === v ? "page" : undefined}
                className={clsx(
                  "rounded-md px-3 py-1",
                  view === v
                    ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900"
                    : "text-zinc-600 dark:text-zinc-400",
                )}
              >
                {v === "tree" ? "Hierarchy" : "List"}
              </Link>
            ))}
          </nav>
        </div>
        <section className="mt-6" aria-label={view === "tree" ? "Team hierarchy" : "Team list"}>
          {teams.length === 0 ? (
            <p className="text-zinc-600">No teams are registered yet.</p>
          ) : view === "tree" ? (
            <TeamTree roots={buildTeamTree(teams)} update={update} awaiting={awaiting} />
          ) : (
            <TeamTable teams={teams} update={update} awaiting={awaiting} />
          )}
        </section>
      </main>
    </>
  );
}
