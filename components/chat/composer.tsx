"use client";

// The message box: Enter sends, Shift+Enter starts a new line, and an IME composition is never
// cut short. What was sent comes back into the box when the server did not store it.
import { Send, Square } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { MAX_MESSAGE_CHARS } from "@/lib/protocol";

interface ComposerProps {
  /** Why nothing can be sent right now, or null when sending is possible. */
  disabledReason: string | null;
  /** The session has ended: nothing can be typed until a new one starts. */
  isClosed: boolean;
  isReplying: boolean;
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  /** Text put into the box from outside (editing the last message); a new object each time. */
  draft?: { text: string } | null;
}

export function Composer({
  disabledReason,
  isClosed,
  isReplying,
  onSend,
  onStop,
  draft,
}: ComposerProps) {
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  // Editing the last message: its text in the box (set while rendering, as React advises for
  // state that follows a prop), then focused with the caret at the end.
  const [shownDraft, setShownDraft] = useState(draft);
  if (draft !== shownDraft) {
    setShownDraft(draft);
    if (draft) setText(draft.text);
  }
  useEffect(() => {
    const element = box.current;
    if (!draft || !element) return;
    element.focus();
    element.setSelectionRange(draft.text.length, draft.text.length);
  }, [draft]);
  // The message box has focus when the chat opens, as in the chat apps people know; not on touch
  // screens, where focus would throw the keyboard over the conversation.
  useEffect(() => {
    if (window.matchMedia("(pointer: fine)").matches) box.current?.focus();
  }, []);
  // Escape stops a reply that is being written, wherever focus is on the page.
  useEffect(() => {
    if (!isReplying) return;
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) onStop();
    };
    window.addEventListener("keydown", onEscape);
    return () => window.removeEventListener("keydown", onEscape);
  }, [isReplying, onStop]);
  const hintId = useId();
  const inputId = useId();
  const over = text.length - MAX_MESSAGE_CHARS;
  const canSend = disabledReason === null && !isReplying && text.trim().length > 0 && over <= 0;

  async function submit() {
    if (!canSend) return;
    const sent = text;
    setText("");
    const stored = await onSend(sent);
    // Whatever was typed meanwhile stays, after the text that comes back.
    if (!stored) setText((current) => (current.trim() ? `${sent}\n${current}` : sent));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (
      event.key !== "Enter" ||
      event.shiftKey ||
      event.nativeEvent.isComposing ||
      event.keyCode === 229
    )
      return;
    event.preventDefault();
    void submit();
  }

  const hint =
    disabledReason ??
    (over > 0
      ? `${over} characters over the ${MAX_MESSAGE_CHARS}-character limit.`
      : isReplying
        ? "Wait for the reply, or stop it (Esc) to send the next message."
        : "Enter to send, Shift+Enter for a new line.");

  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit();
      }}
      className="border-t border-zinc-200 bg-white px-4 py-3 sm:px-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mx-auto flex max-w-3xl items-end gap-2">
        <label htmlFor={inputId} className="sr-only">
          Message
        </label>
        <textarea
          ref={box}
          id={inputId}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          disabled={isClosed}
          aria-describedby={hintId}
          aria-invalid={over > 0 || undefined}
          rows={1}
          placeholder={isClosed ? undefined : "Write to the manager…"}
          className="field-sizing-content max-h-48 min-h-11 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3.5 py-2.5 text-sm leading-5 placeholder:text-zinc-400 focus:border-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-950 dark:placeholder:text-zinc-500 dark:disabled:bg-zinc-900"
        />
        {isReplying && (
          <button
            type="button"
            onClick={onStop}
            aria-keyshortcuts="Escape"
            className="inline-flex h-11 items-center gap-1.5 rounded-xl border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            <Square aria-hidden className="size-3.5 fill-current" />
            Stop
            <kbd
              aria-hidden
              className="hidden text-xs font-normal text-zinc-600 sm:inline dark:text-zinc-400"
            >
              Esc
            </kbd>
          </button>
        )}
        <button
          type="submit"
          disabled={!canSend}
          className="inline-flex h-11 items-center gap-1.5 rounded-xl bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
        >
          <Send aria-hidden className="size-4" />
          Send
        </button>
      </div>
      <p
        id={hintId}
        className={
          over > 0
            ? "mx-auto mt-1.5 max-w-3xl text-xs text-red-600 dark:text-red-400"
            : "mx-auto mt-1.5 max-w-3xl text-xs text-zinc-500 dark:text-zinc-400"
        }
      >
        {hint}
      </p>
    </form>
  );
}
