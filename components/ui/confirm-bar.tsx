"use client";
// Asks before a destructive or far-reaching action: the question in words, the action named on its
// button, and a way to keep things as they are. Focus moves to it so the keyboard follows.
import { useEffect, useRef } from "react";

const BUTTON =
  "min-h-8 rounded-lg px-3 py-1 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

export function ConfirmBar({
  label,
  question,
  confirm,
  keep,
  isDanger = true,
  pending = false,
  onConfirm,
  onKeep,
}: {
  /** The group's name for screen readers, e.g. "Confirm disabling a@b.c". */
  label: string;
  question: string;
  confirm: string;
  keep: string;
  isDanger?: boolean;
  pending?: boolean;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmButton.current?.focus(), []);
  return (
    <div
      role="group"
      aria-label={label}
      onKeyDown={(event) => {
        if (event.key === "Escape") onKeep();
      }}
      className="flex w-full flex-wrap items-center gap-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-50"
    >
      <p className="min-w-0 flex-1 basis-48">{question}</p>
      <button
        ref={confirmButton}
        type="button"
        disabled={pending}
        onClick={onConfirm}
        className={`${BUTTON} ${isDanger ? "bg-red-700 text-white hover:bg-red-600" : "bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-white dark:text-zinc-900"}`}
      >
        {confirm}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={onKeep}
        className={`${BUTTON} border border-zinc-400 hover:bg-white/60 dark:border-zinc-600 dark:hover:bg-zinc-800`}
      >
        {keep}
      </button>
    </div>
  );
}
