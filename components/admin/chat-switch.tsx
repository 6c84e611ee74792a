"use client";
// The per-team chat switch (enable_chat_interface), for admins on /teams and /admin/teams. On a
// sub-team it is shown off and disabled, saying why: chat opens only on top-level teams.
import clsx from "clsx";
import { useId, useOptimistic, useState, useTransition } from "react";
import { toast } from "sonner";
import type { UpdateTeamSettings } from "./types";

export function ChatSwitch({
  team,
  label,
  enabled,
  isTopLevel = true,
  update,
}: {
  team: string;
  label: string;
  enabled: boolean;
  /** False on a sub-team, where the switch could change nothing anyone sees. */
  isTopLevel?: boolean;
  update: UpdateTeamSettings;
}) {
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const whyId = useId();

  const toggle = () =>
    startTransition(async () => {
      setError(null);
      const next = !optimistic;
      setOptimistic(next);
      const ack = await update({ team, patch: { enable_chat_interface: next } });
      if (ack.ok) toast.success(`Chat with ${label} is ${next ? "on" : "off"}.`);
      else {
        setError(ack.error.message);
        toast.error(`Chat with ${label} was not changed: ${ack.error.message}`);
      }
    });

  const isOn = isTopLevel && optimistic;
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        role="switch"
        aria-checked={isOn}
        aria-label={`Chat for ${label}`}
        aria-describedby={isTopLevel ? undefined : whyId}
        title={
          !isTopLevel
            ? `${label} is a sub-team: chat opens only on top-level teams`
            : optimistic
              ? `Chat with ${label} is on; click to turn it off`
              : `Chat with ${label} is off; click to turn it on`
        }
        disabled={pending || !isTopLevel}
        aria-busy={pending || undefined}
        onClick={toggle}
        className={clsx(
          "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed",
          pending && "opacity-70",
          !isTopLevel
            ? "bg-zinc-200 dark:bg-zinc-800"
            : isOn
              ? "bg-emerald-700"
              : "bg-zinc-400 dark:bg-zinc-600",
        )}
      >
        <span
          className={clsx(
            "inline-block size-5 rounded-full bg-white shadow transition-transform",
            isOn ? "translate-x-5.5" : "translate-x-0.5",
            !isTopLevel && "dark:bg-zinc-500",
          )}
        />
      </button>
      {!isTopLevel && (
        <span id={whyId} className="text-xs text-zinc-600 dark:text-zinc-400">
          Sub-team<span className="sr-only">: chat opens only on top-level teams</span>
        </span>
      )}
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </span>
  );
}
