"use client";

// Asks before "End session" discards a plan that is still open: ending leaves it unconfirmed for
// good (nothing is dispatched and it cannot be confirmed later). A modal <dialog> traps focus,
// closes on Escape and gives focus back to the button that opened it.
import { useEffect, useId, useRef } from "react";

const BUTTON =
  "min-h-9 rounded-lg px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500";

export function EndSessionDialog({
  planTitle,
  onEnd,
  onKeep,
}: {
  /** The open plan's title; the dialog is shown while this is set. */
  planTitle: string;
  onEnd: () => void;
  onKeep: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element || element.open) return;
    element.showModal();
    // Keeping is the safe choice, so it has focus: Enter alone never discards a plan.
    keepButton.current?.focus();
    return () => element.close();
  }, []);
  // Closed before it leaves the page, so the page is no longer inert and focus can go back.
  const closeThen = (then: () => void) => () => {
    dialog.current?.close();
    then();
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={(event) => {
        event.preventDefault();
        closeThen(onKeep)();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id={titleId} className="text-base font-semibold">
        End the session and discard the plan?
      </h2>
      <p id={textId} className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        The plan <strong className="font-semibold">“{planTitle}”</strong> has not been confirmed.
        Ending the session leaves it unconfirmed for good: nothing is dispatched, and it cannot be
        confirmed later.
      </p>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <button
          ref={keepButton}
          type="button"
          onClick={closeThen(onKeep)}
          className={`${BUTTON} border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800`}
        >
          Keep the session
        </button>
        <button
          type="button"
          onClick={closeThen(onEnd)}
          className={`${BUTTON} bg-red-700 text-white hover:bg-red-600`}
        >
          End and discard the plan
        </button>
      </div>
    </dialog>
  );
}
