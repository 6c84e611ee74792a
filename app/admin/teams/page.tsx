import type { Metadata } from "next";
import { ChatSwitch } from "@/components/admin/chat-switch";
import { SupabaseStatus } from "@/components/admin/supabase-status";
import { TeamHealthNote } from "@/components/admin/team-health";
import { TeamSettingsEditor } from "@/components/admin/team-settings-editor";
import { LiveRefresh } from "@/components/live/live-refresh";
import { StatusPill } from "@/components/teams/status-pill";
import { Pager } from "@/components/ui/pager";
import { SearchForm } from "@/components/ui/search-form";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { pageOf, readListPage } from "@/lib/pagination";
import { listTeamSettings } from "@/lib/teams/settings";
import { updateTeamSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Teams · Admin" };
export const dynamic = "force-dynamic";

export default async function AdminTeamsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireAdminPage("/admin/teams");
  const listPage = readListPage(await searchParams);
  const needle = listPage.q?.toLowerCase();
  // Tens of teams: searched and paged here rather than in SQL.
  const found = pageOf(
    (await listTeamSettings(getDb())).filter(
      (team) =>
        !needle ||
        team.name.toLowerCase().includes(needle) ||
        team.display_name.toLowerCase().includes(needle),
    ),
    listPage.page,
  );
  const teams = found.items;
  const overrides = getEnv().TEAM_SERVER_URLS;

  return (
    <main className="space-y-4">
      <LiveRefresh userId={user.id} topics={["teams"]} />
      <div>
        <h1 className="text-2xl font-semibold">Teams</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Chat shows on a team when it is top-level, chat is on, it is active, has a manager and the
          user&apos;s role is allowed. Changes reach open pages at once.
        </p>
      </div>
      <SupabaseStatus />
      <SearchForm
        label="Search teams"
        path="/admin/teams"
        q={listPage.q}
        placeholder="Name or slug contains…"
      />
      {teams.length === 0 && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No team matches “{listPage.q}”.</p>
      )}
      <p
        aria-hidden
        className="flex justify-between px-4 text-xs font-medium text-zinc-600 uppercase dark:text-zinc-400"
      >
        <span>Team (open a row for its settings)</span>
        <span>Chat</span>
      </p>
      <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {teams.map((team) => (
          <li key={team.id} data-team={team.name} className="relative">
            {/* Beside the row's summary, not inside it: a control in a <summary> would also fold the row. */}
            <span className="absolute top-3 right-4">
              <ChatSwitch
                team={team.name}
                label={team.display_name}
                enabled={team.enable_chat_interface}
                isTopLevel={team.is_top_level}
                update={updateTeamSettingsAction}
              />
            </span>
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center gap-x-4 gap-y-1 py-3 pr-36 pl-4">
                <span className="font-medium sm:min-w-48">{team.display_name}</span>
                <code className="text-xs text-zinc-600 dark:text-zinc-400">{team.name}</code>
                <StatusPill status={team.status} />
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {team.is_top_level ? "top-level" : "sub-team"}
                </span>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {overrides[team.name]
                    ? `ELF ${overrides[team.name]} (TEAM_SERVER_URLS)`
                    : team.manager.kind === "builtin"
                      ? "built-in manager"
                      : `${team.manager.kind.toUpperCase()} ${team.manager.url}`}
                </span>
                <TeamHealthNote health={team.health} />
              </summary>
              <div className="border-t border-zinc-200 dark:border-zinc-800">
                {overrides[team.name] && (
                  <p className="px-4 pt-3 text-xs text-amber-800 dark:text-amber-200">
                    TEAM_SERVER_URLS sets this team&apos;s server to {overrides[team.name]}; it wins
                    over the manager set here.
                  </p>
                )}
                <TeamSettingsEditor
                  key={JSON.stringify([
                    team.is_top_level,
                    team.status,
                    team.manager,
                    team.chat_config,
                  ])}
                  settings={team}
                  update={updateTeamSettingsAction}
                />
              </div>
            </details>
          </li>
        ))}
      </ul>
      <Pager
        label="Teams"
        path="/admin/teams"
        params={{ q: listPage.q }}
        page={found.page}
        pageSize={found.pageSize}
        total={found.total}
      />
    </main>
  );
}
