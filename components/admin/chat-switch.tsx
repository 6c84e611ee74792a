"use client";
// The per-team chat switch (enable_chat_interface), for admins on /teams and /admin/teams.
import clsx from "clsx";
import { useOptimistic, useState, useTransition } from "react";
import type { UpdateTeamSettings } from "./types";

export function ChatSwitch({
  team,
  label,
  enabled,
  update,
}: {
  team: string;
  label: string;
  enabled: boolean;
  update: UpdateTeamSettings;
}) {
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const toggle = () =>
    startTransition(async () => {
      setError(null);
      setOptimistic(!optimistic);
      const ack = await update({ team, patch: { enable_chat_interface: !optimistic } });
      if (!ack.ok) setError(ack.error.message);
    });

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        role="switch"
        aria-checked={optimistic}
        aria-label={`Chat for ${label}`}
        title={
          optimistic
            ? `Chat with ${label} is on; click to turn it off`
            : `Chat with ${label} is off; click to turn it on`
        }
        disabled={pending}
        onClick={toggle}
        className={clsx(
          "relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:opacity-60",
          optimistic ? "bg-emerald-600" : "bg-zinc-300 dark:bg-zinc-700",
        )}
      >
        <span
          className={clsx(
            "inline-block size-4 rounded-full bg-white shadow transition-transform",
            optimistic ? "translate-x-4.5" : "translate-x-0.5",
          )}
        />
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </span>
  );
}
