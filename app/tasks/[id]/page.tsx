import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { LocalTime } from "@/components/chat/local-time";
import { PlanDetails } from "@/components/chat/preview/plan-details";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SiteHeader } from "@/components/site-header";
import { CancelTaskButton } from "@/components/tasks/cancel-task-button";
import { TaskStatusBadge } from "@/components/tasks/task-status-badge";
import { TaskSubtasks } from "@/components/tasks/task-subtasks";
import { TaskTimeline } from "@/components/tasks/task-timeline";
import { getCurrentUser, requirePageUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { CANCEL_ROLES } from "@/lib/tasks/cancel";
import { findTaskOrigin, getTaskDetail } from "@/lib/tasks/read";
import { isFinished } from "@/lib/tasks/status";
import { cancelTaskAction } from "./actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

const loadTask = cache((id: string) => getTaskDetail(getDb(), id));

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const task = (await getCurrentUser()) ? await loadTask(id) : null;
  return { title: task ? `Task: ${task.title}` : "Task" };
}

export default async function TaskPage({ params }: Params) {
  const { id } = await params;
  const user = await requirePageUser(`/tasks/${encodeURIComponent(id)}`);
  const task = await loadTask(id);
  if (!task) notFound();
  const origin = await findTaskOrigin(getDb(), task.plan_id);
  const canCancel =
    (CANCEL_ROLES as readonly string[]).includes(user.role) && !isFinished(task.status);

  return (
    <>
      <SiteHeader user={user} />
      <LiveRefresh userId={user.id} topics={["tasks"]} />
      <main className="mx-auto max-w-5xl space-y-8 px-4 py-6 sm:px-6 sm:py-8">
        <div className="space-y-2">
          <Link href="/tasks" className="text-sm text-zinc-600 hover:underline dark:text-zinc-400">
            ← All tasks
          </Link>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold break-words">{task.title}</h1>
            <TaskStatusBadge status={task.status} />
          </div>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            From {task.team_display_name ?? task.team ?? "an unknown team"}
            {task.created_by && <> · confirmed by {task.created_by}</>} ·{" "}
            <LocalTime iso={task.created_at.toISOString()} pattern="d MMM yyyy, HH:mm" />
            {task.finished_at && (
              <>
                {" "}
                · finished{" "}
                <LocalTime iso={task.finished_at.toISOString()} pattern="d MMM yyyy, HH:mm" />
              </>
            )}
          </p>
          {origin && (
            <p className="text-sm">
              <Link
                href={`/teams/${encodeURIComponent(origin.team)}/chat`}
                className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
              >
                Open the conversation with {origin.team_display_name} this task came from
              </Link>
            </p>
          )}
          {canCancel && <CancelTaskButton taskId={task.id} cancel={cancelTaskAction} />}
        </div>

        <section aria-labelledby="subtasks-heading" className="space-y-3">
          <h2 id="subtasks-heading" className="text-lg font-semibold">
            Subtasks
          </h2>
          <TaskSubtasks subtasks={task.subtasks} />
        </section>

        <section aria-labelledby="plan-heading" className="space-y-3">
          <h2 id="plan-heading" className="text-lg font-semibold">
            Confirmed plan{" "}
            <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
              (version {task.plan_version})
            </span>
          </h2>
          <div className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
            {task.plan ? (
              <PlanDetails plan={task.plan} />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                This plan version could not be read.
              </p>
            )}
          </div>
        </section>

        <section aria-labelledby="timeline-heading" className="space-y-3">
          <h2 id="timeline-heading" className="text-lg font-semibold">
            Timeline
          </h2>
          <TaskTimeline events={task.events} />
        </section>
      </main>
    </>
  );
}
