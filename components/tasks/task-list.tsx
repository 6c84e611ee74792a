// The tasks as a table, newest first; each title links to the task's page.
import Link from "next/link";
import { LocalTime } from "@/components/chat/local-time";
import type { TaskSummary } from "@/lib/tasks/read";
import { TaskStatusBadge } from "./task-status-badge";

export function TaskList({ tasks, isFiltered }: { tasks: TaskSummary[]; isFiltered: boolean }) {
  if (tasks.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        {isFiltered
          ? "No tasks match these filters."
          : "No tasks yet. Confirm a plan in a team's chat and its task appears here."}
      </p>
    );
  }
  return (
    <div className="rounded-xl border border-zinc-200 md:overflow-x-auto dark:border-zinc-800">
      <table aria-label="Tasks" className="cards-below-md w-full text-left text-sm">
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Task
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              From
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Subtasks
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Created
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {tasks.map((task) => (
            <tr key={task.id} data-task={task.id} className="bg-white dark:bg-zinc-950">
              <td className="px-4 py-2.5">
                <Link
                  href={`/tasks/${task.id}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {task.title}
                </Link>
                {task.created_by && (
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">by {task.created_by}</p>
                )}
              </td>
              <td data-label="Status" className="px-4 py-2.5">
                <TaskStatusBadge status={task.status} />
              </td>
              <td data-label="From" className="px-4 py-2.5">
                {task.team_display_name ?? task.team ?? "—"}
              </td>
              <td data-label="Subtasks" className="px-4 py-2.5">
                <span className="tabular-nums">{task.subtask_count}</span>
                <span className="block font-mono text-xs text-zinc-600 dark:text-zinc-400">
                  {task.subtask_teams.join(", ")}
                </span>
              </td>
              <td
                data-label="Created"
                className="px-4 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400"
              >
                <LocalTime iso={task.created_at.toISOString()} pattern="d MMM yyyy, HH:mm" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
