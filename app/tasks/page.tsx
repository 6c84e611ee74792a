import type { Metadata } from "next";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SiteHeader } from "@/components/site-header";
import { TaskFilters } from "@/components/tasks/task-filters";
import { TaskList } from "@/components/tasks/task-list";
import { Pager } from "@/components/ui/pager";
import { requirePageUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { readListPage } from "@/lib/pagination";
import {
  listTaskTeams,
  listTasksPage,
  listTasksQuerySchema,
  type ListTasksQuery,
} from "@/lib/tasks/read";

export const metadata: Metadata = { title: "Tasks" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Each filter on its own: one that does not parse is ignored, and the page says so. */
function readFilters(params: Record<string, string | string[] | undefined>): {
  query: ListTasksQuery;
  ignored: string[];
} {
  const query: ListTasksQuery = {};
  const ignored: string[] = [];
  for (const key of ["status", "team"] as const) {
    const value = params[key];
    if (value === undefined || value === "") continue;
    const parsed = listTasksQuerySchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) Object.assign(query, { [key]: parsed.data });
    else ignored.push(`${key} "${String(value)}"`);
  }
  return { query, ignored };
}

export default async function TasksPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { query, ignored } = readFilters(params);
  const listPage = readListPage(params);
  const shown = { ...query, q: listPage.q };
  const search = new URLSearchParams(
    Object.entries({
      ...shown,
      page: listPage.page > 1 ? String(listPage.page) : undefined,
    }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  const user = await requirePageUser(`/tasks${search ? `?${search}` : ""}`);
  const db = getDb();
  const [found, teams] = await Promise.all([listTasksPage(db, query, listPage), listTaskTeams(db)]);

  return (
    <>
      <SiteHeader user={user} />
      <LiveRefresh userId={user.id} topics={["tasks"]} />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
        <div>
          <h1 className="text-2xl font-semibold">Tasks</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Confirmed plans and how their subtasks are going, newest first.
          </p>
        </div>
        <TaskFilters query={query} q={listPage.q} teams={teams} />
        {ignored.length > 0 && (
          <p
            role="status"
            className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/60 dark:text-amber-100"
          >
            Ignored an unknown filter: {ignored.join(", ")}.
          </p>
        )}
        <TaskList
          tasks={found.items}
          isFiltered={Boolean(query.status || query.team || listPage.q)}
        />
        <Pager
          label="Tasks"
          path="/tasks"
          params={shown}
          page={found.page}
          pageSize={found.pageSize}
          total={found.total}
        />
      </main>
    </>
  );
}
