// The task a confirmed plan became, as its updates arrive: its status and each subtask's. The
// card's confirmation carries the one link to the task.
import type { TaskUpdate } from "@/lib/protocol";
import { TaskStatusBadge } from "@/components/tasks/task-status-badge";

export function TaskProgress({ task }: { task: TaskUpdate }) {
  return (
    <section
      aria-label="Task progress"
      className="space-y-2 rounded-lg border border-zinc-200 bg-white px-3 py-2.5 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Task</span>
        <TaskStatusBadge status={task.status} />
      </p>
      <ul aria-label="Subtask progress" className="space-y-1.5">
        {task.subtasks.map((subtask) => (
          <li
            key={subtask.id}
            aria-label={subtask.title}
            className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5"
          >
            <TaskStatusBadge status={subtask.status} />
            <span className="min-w-0 flex-1 truncate">{subtask.title}</span>
            <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">
              {subtask.team}
            </span>
            {subtask.detail && (
              <p className="w-full pl-1 text-xs text-zinc-600 dark:text-zinc-400">
                {subtask.detail}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
