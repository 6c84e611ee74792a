import { z } from "zod";
import type { AuditEntryRow } from "@/lib/audit/query";
import { LocalTime } from "../chat/local-time";
import { DataTable } from "../ui/data-table";

/** Before → after of each changed setting, when the entry carries them; otherwise the raw details. */
// Entries written by ELF or older versions may hold anything: only a well-formed "changes" is laid out.
const changesSchema = z.object({
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});

function Details({ details }: { details: unknown }) {
  const parsed = changesSchema.safeParse(details);
  if (parsed.success) {
    return (
      <ul className="space-y-0.5">
        {Object.entries(parsed.data.changes).map(([key, change]) => (
          <li key={key}>
            <code>{key}</code>:{" "}
            <code className="text-red-700 dark:text-red-300">{JSON.stringify(change.before)}</code>{" "}
            →{" "}
            <code className="text-emerald-700 dark:text-emerald-300">
              {JSON.stringify(change.after)}
            </code>
          </li>
        ))}
      </ul>
    );
  }
  const text = JSON.stringify(details ?? {});
  return text === "{}" || text === "null" ? null : (
    <code className="break-all">{text.length > 300 ? `${text.slice(0, 300)}…` : text}</code>
  );
}

export function AuditTable({ entries }: { entries: AuditEntryRow[] }) {
  if (entries.length === 0)
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">No entries match these filters.</p>
    );
  return (
    <DataTable
      caption="Audit log entries, newest first"
      columns={["When", "Who", "Action", "Team", "What"]}
    >
      <tbody className="divide-y divide-zinc-200 align-top dark:divide-zinc-800">
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td data-label="When" className="px-3 py-2 whitespace-nowrap">
              <LocalTime iso={entry.created_at} pattern="d MMM yyyy, HH:mm:ss" />
            </td>
            <td data-label="Who" className="px-3 py-2 break-all">
              {entry.performed_by ?? "—"}
            </td>
            <td data-label="Action" className="px-3 py-2">
              <code className="text-xs">{entry.action}</code>
            </td>
            <td data-label="Team" className="px-3 py-2">
              {entry.team ?? "—"}
            </td>
            <td data-label="What" className="space-y-1 px-3 py-2 text-xs">
              {entry.description && <p className="text-sm">{entry.description}</p>}
              <Details details={entry.details} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
