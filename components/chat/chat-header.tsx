"use client";

// Who the chat is with, whether the line is up, and what is left of the session.
import clsx from "clsx";
import { formatDuration } from "date-fns";
import { useEffect, useRef, useState } from "react";
import type { SessionLimits } from "@/lib/protocol";
import type { ConnectionState } from "./chat-state";
import { EndSessionDialog } from "./end-session-dialog";

const CONNECTION: Record<ConnectionState, { label: string; dot: string }> = {
  connecting: { label: "Connecting", dot: "bg-amber-400 animate-pulse" },
  connected: { label: "Connected", dot: "bg-emerald-500" },
  reconnecting: { label: "Reconnecting", dot: "bg-amber-400 animate-pulse" },
  offline: { label: "Offline", dot: "bg-zinc-400" },
};

const TICK_MS = 30_000;

/** The current time, refreshed every 30 s; null until mounted so server and client agree. */
function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, TICK_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  return now;
}

function timeLeft(limits: SessionLimits, now: number): string {
  // Clamped: a browser clock running behind the server's must not show more than the session has.
  const minutes = Math.min(
    limits.max_duration_minutes,
    Math.ceil((new Date(limits.expires_at).getTime() - now) / 60_000),
  );
  if (minutes <= 0) return "No time left";
  return `${formatDuration({ hours: Math.floor(minutes / 60), minutes: minutes % 60 })} left`;
}

interface ChatHeaderProps {
  teamName: string;
  managerRole: string;
  managerLabel: string | null;
  connection: ConnectionState;
  limits: SessionLimits | null;
  canEnd: boolean;
  /** The title of a plan still open in the session: ending then asks first. */
  openPlanTitle: string | null;
  onEnd: () => void;
}

export function ChatHeader({
  teamName,
  managerRole,
  managerLabel,
  connection,
  limits,
  canEnd,
  openPlanTitle,
  onEnd,
}: ChatHeaderProps) {
  const now = useNow();
  const [isAsking, setIsAsking] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);
  const { label, dot } = CONNECTION[connection];
  return (
    <header className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3 border-b border-zinc-200 bg-white px-4 py-3 sm:px-6 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="min-w-0">
        <h1 className="truncate text-lg font-semibold">{teamName}</h1>
        <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">
          {managerRole}
          {managerLabel && (
            <span className="text-zinc-600 dark:text-zinc-400"> · {managerLabel}</span>
          )}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span role="status" className="inline-flex items-center gap-1.5 font-medium">
          <span aria-hidden className={clsx("size-2 rounded-full", dot)} />
          {label}
        </span>
        {limits && (
          <>
            <span className="tabular-nums">
              {limits.messages_left} of {limits.max_messages} messages left
            </span>
            {now !== null && <span className="tabular-nums">{timeLeft(limits, now)}</span>}
          </>
        )}
        <button
          ref={endButton}
          type="button"
          onClick={() => (openPlanTitle ? setIsAsking(true) : onEnd())}
          disabled={!canEnd}
          className="rounded-lg border border-zinc-300 px-2.5 py-1 font-medium text-zinc-700 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          End session
        </button>
        {isAsking && openPlanTitle && (
          <EndSessionDialog
            planTitle={openPlanTitle}
            onKeep={() => {
              setIsAsking(false);
              // The dialog leaves the page, so focus goes back to the button by hand.
              endButton.current?.focus();
            }}
            onEnd={() => {
              setIsAsking(false);
              onEnd();
            }}
          />
        )}
      </div>
    </header>
  );
}
