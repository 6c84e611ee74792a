import type { AuditEntryRow } from "@/lib/audit/query";
import { LocalTime } from "../chat/local-time";

/** Before → after of each changed setting, when the entry carries them; otherwise the raw details. */
function Details({ details }: { details: Record<string, unknown> }) {
  const changes = details.changes as Record<string, { before: unknown; after: unknown }> | undefined;
  if (changes && typeof changes === "object") {
    return (
      <ul className="space-y-0.5">
        {Object.entries(changes).map(([key, change]) => (
          <li key={key}>
            <code>{key}</code>: <code className="text-red-700 dark:text-red-300">{JSON.stringify(change.before)}</code> →{" "}
            <code className="text-emerald-700 dark:text-emerald-300">{JSON.stringify(change.after)}</code>
          </li>
        ))}
      </ul>
    );
  }
  const text = JSON.stringify(details);
  return text === "{}" ? null : <code className="break-all">{text.length > 300 ? `${text.slice(0, 300)}…` : text}</code>;
}

export function AuditTable({ entries }: { entries: AuditEntryRow[] }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No entries match these filters.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="bg-zinc-100 text-xs text-zinc-600 uppercase dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {["When", "Who", "Action", "Team", "What"].map((column) => (
              <th key={column} scope="col" className="px-3 py-2 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="px-3 py-2 whitespace-nowrap">
                <LocalTime iso={entry.created_at} pattern="d MMM yyyy, HH:mm:ss" />
              </td>
              <td className="px-3 py-2">{entry.performed_by ?? "—"}</td>
              <td className="px-3 py-2">
                <code className="text-xs">{entry.action}</code>
              </td>
              <td className="px-3 py-2">{entry.team ?? "—"}</td>
              <td className="space-y-1 px-3 py-2 text-xs">
                {entry.description && <p className="text-sm">{entry.description}</p>}
                <Details details={entry.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
