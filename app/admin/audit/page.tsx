import type { Metadata } from "next";
import { AuditTable, describeAction } from "@/components/admin/audit-table";
import { Pager } from "@/components/ui/pager";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/ui/form-styles";
import { requireAdminPage } from "@/lib/auth/current-user";
import {
  auditFilterOptions,
  auditQuerySchema,
  countAuditEntries,
  listAuditEntries,
} from "@/lib/audit/query";
import { getDb } from "@/lib/db/client";

export const metadata: Metadata = { title: "Audit log · Admin" };
export const dynamic = "force-dynamic";

const FILTERS = ["q", "actor", "team", "action", "from", "to", "page"] as const;
const PAGE_SIZE = 50;

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminPage("/admin/audit");
  const given = await searchParams;
  // Each filter stands on its own: one that is not understood is named and left out, not all.
  const raw: Partial<Record<(typeof FILTERS)[number], string>> = {};
  const problems: string[] = [];
  for (const key of FILTERS) {
    const value = given[key];
    if (typeof value !== "string" || value === "") continue;
    const parsed = auditQuerySchema.shape[key].safeParse(value);
    if (parsed.success) raw[key] = value;
    else problems.push(`${key}: ${parsed.error.issues[0]?.message ?? "not understood"}`);
  }
  const query = auditQuerySchema.parse({ ...raw, limit: PAGE_SIZE });
  const sql = getDb();
  const [entries, total, options] = await Promise.all([
    listAuditEntries(sql, query),
    countAuditEntries(sql, query),
    auditFilterOptions(sql),
  ]);
  const { page: _page, ...filterValues } = raw;
  const filters = new URLSearchParams(Object.entries(filterValues));
  const exportHref = (format: "csv" | "json") =>
    `/api/admin/audit?${new URLSearchParams([...filters, ["format", format], ["limit", "10000"]])}`;

  return (
    <main className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Every admin change, sign-in and delegation event, newest first. Entries cannot be
            changed or removed.
          </p>
        </div>
        <div className="flex gap-2 text-sm">
          <a href={exportHref("csv")} className={SECONDARY_BUTTON}>
            Export CSV
          </a>
          <a href={exportHref("json")} className={SECONDARY_BUTTON}>
            Export JSON
          </a>
        </div>
      </div>
      <form
        method="get"
        aria-label="Filter the audit log"
        className="flex flex-wrap items-end gap-3 rounded-xl border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        <label className="flex flex-col gap-1">
          Search
          <input
            type="search"
            name="q"
            defaultValue={raw.q}
            placeholder="words in what happened…"
            className={INPUT}
          />
        </label>
        <label className="flex flex-col gap-1">
          Who
          <input
            name="actor"
            defaultValue={raw.actor}
            placeholder="email contains…"
            className={INPUT}
          />
        </label>
        <label className="flex flex-col gap-1">
          Team
          <select name="team" defaultValue={raw.team ?? ""} className={INPUT}>
            <option value="">Any team</option>
            {options.teams.map((team) => (
              <option key={team}>{team}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Action
          <select name="action" defaultValue={raw.action ?? ""} className={INPUT}>
            <option value="">Any action</option>
            {options.actions.map((action) => (
              <option key={action} value={action}>
                {describeAction(action)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          From
          <input type="date" name="from" defaultValue={raw.from} className={INPUT} />
        </label>
        <label className="flex flex-col gap-1">
          To
          <input type="date" name="to" defaultValue={raw.to} className={INPUT} />
        </label>
        <button type="submit" className={PRIMARY_BUTTON}>
          Filter
        </button>
      </form>
      {problems.length > 0 && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          Some filters were not understood and are left out: {problems.join("; ")}.
        </p>
      )}
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {total} {total === 1 ? "entry matches" : "entries match"}
        {total > PAGE_SIZE && `, ${PAGE_SIZE} a page`}.
      </p>
      <AuditTable entries={entries} />
      <Pager
        label="Audit log"
        path="/admin/audit"
        params={filterValues}
        page={query.page}
        pageSize={PAGE_SIZE}
        total={total}
      />
    </main>
  );
}
