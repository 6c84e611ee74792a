// The /tasks filters as a plain GET form: it works before (and without) JavaScript, and the URL says
// what is shown. No refresh link: the page refreshes itself when a task changes.
import Link from "next/link";
import type { ListTasksQuery } from "@/lib/tasks/read";
import { FIELD, LABEL, PRIMARY_BUTTON } from "../ui/form-styles";
import { TASK_STATUS_LABELS } from "./task-status-badge";

interface TaskFiltersProps {
  query: ListTasksQuery;
  /** The search in titles. */
  q: string | undefined;
  teams: { slug: string; display_name: string }[];
}

export function TaskFilters({ query, q, teams }: TaskFiltersProps) {
  const knownTeam = !query.team || teams.some((t) => t.slug === query.team);
  return (
    <form
      method="get"
      action="/tasks"
      aria-label="Filter tasks"
      className="flex flex-wrap items-end gap-3"
    >
      <label className={LABEL}>
        <span className="block">Title contains</span>
        <input type="search" name="q" defaultValue={q} className={FIELD} />
      </label>
      <label className={LABEL}>
        <span className="block">Status</span>
        <select name="status" defaultValue={query.status ?? ""} className={FIELD}>
          <option value="">All statuses</option>
          {Object.entries(TASK_STATUS_LABELS).map(([status, label]) => (
            <option key={status} value={status}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        <span className="block">Team</span>
        <select name="team" defaultValue={query.team ?? ""} className={FIELD}>
          <option value="">All teams</option>
          {!knownTeam && <option value={query.team}>{query.team}</option>}
          {teams.map((team) => (
            <option key={team.slug} value={team.slug}>
              {team.display_name} ({team.slug})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={PRIMARY_BUTTON}>
        Filter
      </button>
      {(query.status || query.team || q) && (
        <Link
          href="/tasks"
          className="py-1.5 text-sm text-zinc-600 underline underline-offset-2 dark:text-zinc-400"
        >
          Clear filters
        </Link>
      )}
    </form>
  );
}
