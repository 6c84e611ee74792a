// A task's subtasks: where each went, how it stands, how many attempts, and its result or error.
import type { SubtaskRow } from "@/lib/tasks/read";
import { TaskStatusBadge } from "./task-status-badge";

export function TaskSubtasks({ subtasks }: { subtasks: SubtaskRow[] }) {
  return (
    <ol aria-label="Subtasks" className="space-y-3">
      {subtasks.map((subtask) => (
        <li
          key={subtask.id}
          aria-label={subtask.title}
          data-subtask-status={subtask.status}
          className="space-y-2 rounded-xl border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h3 className="min-w-0 flex-1 font-medium">
              <span className="text-zinc-500 tabular-nums dark:text-zinc-400">
                {subtask.position + 1}.
              </span>{" "}
              {subtask.title}
            </h3>
            <TaskStatusBadge status={subtask.status} />
          </div>
          <dl className="grid grid-cols-2 gap-2 text-xs sm:grid-cols-3">
            <div>
              <dt className="text-zinc-500 dark:text-zinc-400">Team</dt>
              <dd>
                {subtask.team_display_name ?? subtask.team}{" "}
                <span className="font-mono text-zinc-500 dark:text-zinc-400">({subtask.team})</span>
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500 dark:text-zinc-400">Attempts</dt>
              <dd className="tabular-nums">{subtask.attempts}</dd>
            </div>
            {subtask.depends_on.length > 0 && (
              <div>
                <dt className="text-zinc-500 dark:text-zinc-400">Waits for</dt>
                <dd className="font-mono">{subtask.depends_on.join(", ")}</dd>
              </div>
            )}
          </dl>
          {subtask.result && (
            <div>
              <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Result</p>
              <p className="whitespace-pre-wrap">{subtask.result}</p>
            </div>
          )}
          {subtask.error && (
            <div className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-800 dark:border-red-900/60 dark:bg-red-950/60 dark:text-red-200">
              <p className="text-xs font-medium">Error</p>
              <p className="whitespace-pre-wrap">{subtask.error}</p>
            </div>
          )}
          <details>
            <summary className="cursor-pointer text-xs font-medium text-indigo-700 dark:text-indigo-300">
              Instructions
            </summary>
            <p className="mt-1 text-xs whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
              {subtask.instructions}
            </p>
          </details>
        </li>
      ))}
    </ol>
  );
}
