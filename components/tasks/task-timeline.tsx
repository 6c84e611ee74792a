// A task's timeline (cc_task_events) in words, oldest first; each entry's raw record is one click
// away for whoever needs the exact values.
import { LocalTime } from "@/components/chat/local-time";
import type { TaskEvent } from "@/lib/tasks/read";
import { describeTaskEvent } from "./describe-event";

export function TaskTimeline({ events }: { events: TaskEvent[] }) {
  if (events.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing has happened yet.</p>;
  return (
    <ol
      aria-label="Timeline"
      className="relative space-y-3 border-l border-zinc-200 pl-5 dark:border-zinc-800"
    >
      {events.map((event) => (
        <li key={event.id} className="text-sm">
          <span
            aria-hidden
            className="absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white bg-indigo-500 dark:border-zinc-950"
          />
          <p className="break-words">
            {event.subtask_title && <span className="font-medium">{event.subtask_title}: </span>}
            {describeTaskEvent(event)}
          </p>
          <div className="flex flex-wrap items-baseline gap-x-3 text-xs text-zinc-600 dark:text-zinc-400">
            <LocalTime iso={event.created_at.toISOString()} pattern="d MMM yyyy, HH:mm:ss" />
            {Object.keys(event.detail).length > 0 && (
              <details>
                <summary className="cursor-pointer">Record</summary>
                <pre className="mt-1 max-w-full overflow-x-auto rounded bg-zinc-100 p-2 dark:bg-zinc-900">
                  {JSON.stringify({ kind: event.kind, ...event.detail }, null, 2)}
                </pre>
              </details>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
