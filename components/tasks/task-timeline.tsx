// A task's timeline (cc_task_events): every status change, dispatch attempt and result, oldest first.
import { LocalTime } from "@/components/chat/local-time";
import type { TaskEvent } from "@/lib/tasks/read";

const describeKind = (kind: string) =>
  (kind.charAt(0).toUpperCase() + kind.slice(1)).replaceAll("_", " ");

function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(
      ([key, value]) =>
        `${key.replaceAll("_", " ")}: ${typeof value === "string" ? value : JSON.stringify(value)}`,
    )
    .join(" · ");
}

export function TaskTimeline({ events }: { events: TaskEvent[] }) {
  if (events.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing has happened yet.</p>;
  return (
    <ol
      aria-label="Timeline"
      className="relative space-y-3 border-l border-zinc-200 pl-5 dark:border-zinc-800"
    >
      {events.map((event) => {
        const detail = describeDetail(event.detail);
        return (
          <li key={event.id} className="text-sm">
            <span
              aria-hidden
              className="absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white bg-indigo-500 dark:border-zinc-950"
            />
            <p>
              <span className="font-medium">{describeKind(event.kind)}</span>
              {event.subtask_title && (
                <span className="text-zinc-600 dark:text-zinc-400"> — {event.subtask_title}</span>
              )}
            </p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              <LocalTime iso={event.created_at.toISOString()} pattern="d MMM yyyy, HH:mm:ss" />
              {detail && <span className="break-words"> · {detail}</span>}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
