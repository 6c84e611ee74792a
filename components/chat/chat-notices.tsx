"use client";

// The states around the conversation: the manager thinking or unavailable, an error to read, and
// the end of a session with the way to start the next one.
import { formatDuration } from "date-fns";
import { AlertTriangle, X } from "lucide-react";
import type { SessionEndReason, SessionSummary } from "@/lib/protocol";

export function ThinkingIndicator({ managerRole }: { managerRole: string }) {
  return (
    <div
      role="status"
      className="mx-auto flex w-full max-w-3xl items-center gap-2 px-4 pb-2 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400"
    >
      <span aria-hidden className="flex gap-1">
        {[0, 150, 300].map((delay) => (
          <span
            key={delay}
            className="size-1.5 animate-bounce rounded-full bg-indigo-500"
            style={{ animationDelay: `${delay}ms` }}
          />
        ))}
      </span>
      {managerRole} is thinking…
    </div>
  );
}

export function UnavailableNotice({ reason }: { reason: string | null }) {
  return (
    <div
      role="status"
      className="border-b border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 sm:px-6 dark:border-amber-900/60 dark:bg-amber-950/60 dark:text-amber-100"
    >
      <p className="mx-auto flex max-w-3xl items-start gap-2">
        <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>
          <strong className="font-semibold">The manager is unavailable</strong>
          {reason ? `: ${reason}.` : "."} Your messages are kept; the chat recovers when the manager
          is back.
        </span>
      </p>
    </div>
  );
}

export function ErrorAlert({
  message,
  onDismiss,
  onReconnect,
}: {
  message: string | null;
  onDismiss: () => void;
  onReconnect?: () => void;
}) {
  // The region is always present so that screen readers announce a message put into it.
  return (
    <div role="alert" className="px-4 sm:px-6">
      {message && (
        <div className="mx-auto mb-2 flex max-w-3xl items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/60 dark:text-red-200">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <p className="flex-1">{message}</p>
          {onReconnect && (
            <button
              type="button"
              onClick={onReconnect}
              className="font-medium underline underline-offset-2"
            >
              Reconnect
            </button>
          )}
          <button
            type="button"
            onClick={onDismiss}
            aria-label="Dismiss the error"
            className="rounded p-0.5 hover:bg-red-100 dark:hover:bg-red-900/60"
          >
            <X aria-hidden className="size-4" />
          </button>
        </div>
      )}
    </div>
  );
}

const END_REASONS: Record<SessionEndReason, string> = {
  user_ended: "You ended this session.",
  duration_limit: "This session reached its time limit.",
  message_limit: "This session reached its message limit.",
  chat_disabled: "Chat was turned off for this team.",
  access_revoked: "Your access to this team's chat was withdrawn.",
};

export function SessionEndedBanner({
  summary,
  onRestart,
}: {
  summary: SessionSummary | null;
  onRestart: () => void;
}) {
  const minutes = summary ? Math.floor(summary.duration_seconds / 60) : 0;
  const duration =
    summary && formatDuration({ minutes, seconds: minutes ? 0 : summary.duration_seconds });
  return (
    <section
      aria-label="Session ended"
      className="border-t border-zinc-200 bg-zinc-100 px-4 py-3 sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/70"
    >
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 text-sm">
        <p>
          <strong className="font-semibold">
            {summary ? END_REASONS[summary.reason] : "This session has ended."}
          </strong>{" "}
          {summary && (
            <span className="text-zinc-600 dark:text-zinc-400">
              {summary.total_messages} messages{duration ? ` in ${duration}` : ""}.
            </span>
          )}
        </p>
        <button
          type="button"
          onClick={onRestart}
          className="rounded-lg bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500"
        >
          Start a new session
        </button>
      </div>
    </section>
  );
}
