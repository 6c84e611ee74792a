// The audit log as people read it: when, who, what happened in words (the entry's description and,
// for settings, each change as before → after); the raw record is one click away.
import { z } from "zod";
import type { AuditEntryRow } from "@/lib/audit/query";
import { LocalTime } from "../chat/local-time";
import { DataTable } from "../ui/data-table";

// Entries written by ELF or older versions may hold anything: only a well-formed "changes" is laid out.
const changesSchema = z.object({
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});

/** "user_role_changed" → "User role changed". */
export const describeAction = (action: string) =>
  (action.charAt(0).toUpperCase() + action.slice(1)).replaceAll("_", " ");

const words = (value: unknown) =>
  value === null || value === undefined
    ? "nothing"
    : typeof value === "string"
      ? value
      : typeof value === "boolean"
        ? value
          ? "on"
          : "off"
        : JSON.stringify(value);

function Changes({ details }: { details: unknown }) {
  const parsed = changesSchema.safeParse(details);
  if (!parsed.success) return null;
  return (
    <ul className="space-y-0.5">
      {Object.entries(parsed.data.changes).map(([key, change]) => (
        <li key={key} className="break-words">
          {key.replaceAll("_", " ")}: <del>{words(change.before)}</del> →{" "}
          <ins className="no-underline">{words(change.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

function RawRecord({ entry }: { entry: AuditEntryRow }) {
  return (
    <details>
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Raw record</summary>
      <pre className="mt-1 max-w-full overflow-x-auto rounded bg-zinc-100 p-2 whitespace-pre-wrap break-all dark:bg-zinc-900">
        {JSON.stringify(entry, null, 2)}
      </pre>
    </details>
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
              {describeAction(entry.action)}
            </td>
            <td data-label="Team" className="px-3 py-2">
              {entry.team ?? "—"}
            </td>
            <td data-label="What" className="space-y-1 px-3 py-2 text-xs">
              <div className="min-w-0 flex-1 basis-full space-y-1 md:basis-auto">
                {entry.description && <p className="text-sm break-words">{entry.description}</p>}
                <Changes details={entry.details} />
                <RawRecord entry={entry} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
