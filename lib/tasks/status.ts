// The task lifecycle as pure rules: which subtask transitions are allowed, what a task's status is
// given its subtasks, and whether a subtask's dependencies let it go.
import type { z } from "zod";
import { taskStatusSchema } from "../protocol";

export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const FINISHED_STATUSES = [
  "completed",
  "failed",
  "cancelled",
] as const satisfies readonly TaskStatus[];
export const OPEN_STATUSES = [
  "pending",
  "dispatched",
  "in_progress",
] as const satisfies readonly TaskStatus[];

export function isFinished(status: TaskStatus): boolean {
  return (FINISHED_STATUSES as readonly TaskStatus[]).includes(status);
}

/**
 * pending → dispatched → in_progress → completed | failed | cancelled. A failed attempt that will
 * be retried puts a dispatched or in-progress subtask back to pending; a finished one never moves.
 */
const TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  pending: ["dispatched", "in_progress", "completed", "failed", "cancelled"],
  dispatched: ["pending", "dispatched", "in_progress", "completed", "failed", "cancelled"],
  in_progress: ["pending", "dispatched", "completed", "failed", "cancelled"],
  completed: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * A task's status from its subtasks': all finished → failed if any failed, else cancelled if any
 * was cancelled, else completed; nothing started → pending; everything handed to its team →
 * dispatched; anything else (some work started, some open) → in_progress.
 */
export function aggregateTaskStatus(subtasks: readonly TaskStatus[]): TaskStatus {
  if (subtasks.length === 0) return "pending";
  if (subtasks.every(isFinished)) {
    if (subtasks.includes("failed")) return "failed";
    if (subtasks.includes("cancelled")) return "cancelled";
    return "completed";
  }
  if (subtasks.every((s) => s === "pending")) return "pending";
  if (subtasks.every((s) => s === "dispatched")) return "dispatched";
  return "in_progress";
}

export interface SiblingSubtask {
  /** The plan's subtask id, which `depends_on` names. */
  planSubtaskId: string;
  title: string;
  status: TaskStatus;
  error: string | null;
}

export type DependencyState =
  { kind: "ready" } | { kind: "waiting"; on: string[] } | { kind: "blocked"; reason: string };

/** Whether a subtask may be dispatched: every dependency completed; any that did not finish well blocks it. */
export function dependencyState(
  dependsOn: readonly string[],
  siblings: readonly SiblingSubtask[],
): DependencyState {
  const byId = new Map(siblings.map((s) => [s.planSubtaskId, s]));
  const waiting: string[] = [];
  for (const id of dependsOn) {
    const dependency = byId.get(id);
    if (!dependency)
      return {
        kind: "blocked",
        reason: `It depends on subtask "${id}", which is not part of this task.`,
      };
    if (dependency.status === "failed") {
      return {
        kind: "blocked",
        reason: `It depends on "${dependency.title}", which failed${dependency.error ? `: ${dependency.error}` : "."}`,
      };
    }
    if (dependency.status === "cancelled")
      return {
        kind: "blocked",
        reason: `It depends on "${dependency.title}", which was cancelled.`,
      };
    if (dependency.status !== "completed") waiting.push(id);
  }
  return waiting.length > 0 ? { kind: "waiting", on: waiting } : { kind: "ready" };
}
