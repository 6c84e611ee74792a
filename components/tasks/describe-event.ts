// A task event (cc_task_events) as a sentence: what happened, to which team, on which attempt.
import type { TaskEvent } from "@/lib/tasks/read";
import type { TaskStatus } from "@/lib/tasks/status";
import { TASK_STATUS_LABELS } from "./task-status-badge";

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
const count = (value: unknown) => (typeof value === "number" ? value : null);

function attemptNote(detail: Record<string, unknown>): string {
  const attempt = count(detail.attempt);
  return attempt ? ` (attempt ${attempt})` : "";
}

function targetWords(detail: Record<string, unknown>): string {
  const url = text(detail.url);
  switch (detail.target) {
    case "builtin":
      return "to the built-in manager";
    case "elf":
      return url ? `to the ELF team server at ${url}` : "to the team's ELF server";
    case "a2a":
      return url ? `to the A2A agent at ${url}` : "to the team's A2A agent";
    default:
      return "to the team";
  }
}

const statusWords = (status: unknown) =>
  (TASK_STATUS_LABELS as Record<string, string>)[String(status)]?.toLowerCase() ??
  String(status).replaceAll("_", " ");

export function describeTaskEvent(event: TaskEvent): string {
  const { detail } = event;
  const isSubtask = event.subtask_id !== null;
  switch (event.kind) {
    case "created":
      return isSubtask
        ? `Created for ${text(detail.team) ?? "a team"}`
        : `Created from the confirmed plan${count(detail.plan_version) ? ` (version ${detail.plan_version})` : ""}`;
    case "status_changed":
      return `The task is now ${statusWords(detail.status as TaskStatus)}`;
    case "dispatched":
      return `Sent ${targetWords(detail)}${attemptNote(detail)}`;
    case "accepted":
      return text(detail.note) ?? `Accepted by the team${attemptNote(detail)}`;
    case "in_progress":
      return "The team started on it";
    case "completed":
      return `Done${attemptNote(detail)}`;
    case "cancelled":
      return text(detail.by)
        ? `Cancelled by ${detail.by}`
        : `Cancelled${text(detail.reason) ? `: ${detail.reason}` : ""}${attemptNote(detail)}`;
    case "interrupted":
      return `Interrupted${text(detail.reason) ? ` (${detail.reason})` : ""}; it will be sent again`;
    case "attempt_failed":
      return `Attempt ${count(detail.attempt) ?? "?"} failed${text(detail.error) ? `: ${detail.error}` : ""}. ${detail.will_retry ? "It will be tried again." : "No attempts are left."}`;
    case "failed":
      return `Failed${text(detail.reason) ? `: ${detail.reason}` : ""}`;
    default:
      return (event.kind.charAt(0).toUpperCase() + event.kind.slice(1)).replaceAll("_", " ");
  }
}
