// One chat message: the user's on the right as plain text, the manager's on the left as safe
// Markdown, system notes centred. Shared by the live chat and the read-only transcripts.
import clsx from "clsx";
import type { ReactNode } from "react";
import { CopyButton } from "./copy-button";
import { Markdown } from "./markdown";
import { LocalTime } from "./local-time";

export type BubbleRole = "user" | "assistant" | "system";
export type BubbleState = "pending" | "streaming" | "stopped" | "error";

interface MessageBubbleProps {
  role: BubbleRole;
  /** Who wrote it, as the reader should hear it: "You", the manager's role, or "System". */
  author: string;
  content: string;
  createdAt?: string;
  state?: BubbleState;
  /** More buttons beside Copy (edit or resend the user's last message). */
  actions?: ReactNode;
}

const STATE_NOTES: Record<BubbleState, string> = {
  pending: "Sending…",
  streaming: "Writing…",
  stopped: "Stopped",
  error: "Not answered",
};

export function MessageBubble({
  role,
  author,
  content,
  createdAt,
  state,
  actions,
}: MessageBubbleProps) {
  const isUser = role === "user";
  const isSystem = role === "system";
  return (
    <article
      aria-label={
        state === "streaming"
          ? `Message from ${author}, still being written`
          : `Message from ${author}`
      }
      aria-busy={state === "streaming" || undefined}
      data-message-role={role}
      className={clsx(
        "flex flex-col gap-1",
        isUser ? "items-end" : isSystem ? "items-center" : "items-start",
      )}
    >
      <header className="flex items-center gap-2 px-1 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{author}</span>
        {createdAt && <LocalTime iso={createdAt} />}
        {state && (
          <span className={clsx(state === "error" && "text-red-700 dark:text-red-400")}>
            {STATE_NOTES[state]}
          </span>
        )}
        {!isSystem && state !== "streaming" && state !== "pending" && content && (
          <CopyButton
            label={`Copy message from ${author}`}
            text={content}
            className="text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          />
        )}
        {actions}
      </header>
      <div
        className={clsx(
          "max-w-[min(42rem,88%)] rounded-2xl px-4 py-2.5 shadow-sm",
          isUser && "rounded-br-md bg-indigo-600 text-white",
          isUser && state === "pending" && "opacity-70",
          role === "assistant" &&
            "rounded-bl-md border border-zinc-200 bg-white text-zinc-900 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100",
          isSystem &&
            "border border-amber-200 bg-amber-50 text-amber-900 shadow-none dark:border-amber-900/60 dark:bg-amber-950/50 dark:text-amber-100",
        )}
      >
        {isUser ? (
          <p className="text-sm leading-relaxed break-words whitespace-pre-wrap">{content}</p>
        ) : (
          <Markdown>{content}</Markdown>
        )}
        {state === "streaming" && (
          <span
            aria-hidden
            className="ml-0.5 inline-block h-4 w-1.5 animate-pulse rounded-sm bg-zinc-400 align-text-bottom"
          />
        )}
      </div>
    </article>
  );
}
