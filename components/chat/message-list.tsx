"use client";

// The conversation as a live log: stored messages, then any reply still being written. It follows
// new text while the reader is at the bottom and leaves them alone when they scrolled up to read;
// then a "Jump to latest" button takes them back down.
import { ArrowDown, Pencil, RotateCcw } from "lucide-react";
import { Fragment, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { BubbleState } from "./message-bubble";
import { MessageBubble } from "./message-bubble";
import type { DisplayMessage, StreamingReply } from "./chat-state";

const STICK_TO_BOTTOM_PX = 80;

export function authorOf(role: DisplayMessage["role"], managerRole: string): string {
  return role === "user" ? "You" : role === "assistant" ? managerRole : "System";
}

function stateOf(message: DisplayMessage): BubbleState | undefined {
  if (message.pending) return "pending";
  if (message.metadata.error === true) return "error";
  if (message.metadata.stopped === true) return "stopped";
  return undefined;
}

interface MessageListProps {
  messages: DisplayMessage[];
  streaming: StreamingReply[];
  managerRole: string;
  /** Shown instead of the conversation before the session has loaded. */
  placeholder: string | null;
  /**
   * Shown in the conversation at a point in time, after the last message written by then: the
   * plan card at the turn that proposed it, a revision note at the turn that revised it.
   */
  inserts?: ListInsert[];
  /** Changes when the inserts do, so a new one is scrolled into view like a new message. */
  insertsKey?: string;
  /** Offered on the user's last message while nothing is being written: its text back in the box. */
  onEditLast?: (text: string) => void;
  /** Offered beside it: the same text sent again. */
  onResendLast?: (text: string) => void;
}

const ACTION =
  "inline-flex min-h-6 items-center gap-1 rounded-md px-1.5 text-xs text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

function LastMessageActions({
  text,
  onEdit,
  onResend,
}: {
  text: string;
  onEdit?: (text: string) => void;
  onResend?: (text: string) => void;
}) {
  return (
    <>
      {onEdit && (
        <button type="button" className={ACTION} onClick={() => onEdit(text)}>
          <Pencil aria-hidden className="size-3.5" />
          Edit
        </button>
      )}
      {onResend && (
        <button type="button" className={ACTION} onClick={() => onResend(text)}>
          <RotateCcw aria-hidden className="size-3.5" />
          Resend
        </button>
      )}
    </>
  );
}

export interface ListInsert {
  key: string;
  /** ISO time: the insert goes after the messages written up to then. */
  at: string;
  node: ReactNode;
}

/** The inserts by the index of the message they follow (-1: before every message). */
function placeInserts(
  messages: DisplayMessage[],
  inserts: ListInsert[],
): Map<number, ListInsert[]> {
  const placed = new Map<number, ListInsert[]>();
  for (const insert of inserts) {
    const at = Date.parse(insert.at);
    const index = messages.findLastIndex((message) => Date.parse(message.created_at) <= at);
    placed.set(index, [...(placed.get(index) ?? []), insert]);
  }
  return placed;
}

export function MessageList({
  messages,
  streaming,
  managerRole,
  placeholder,
  inserts = [],
  insertsKey,
  onEditLast,
  onResendLast,
}: MessageListProps) {
  const lastUserIndex = messages.findLastIndex((m) => m.role === "user" && !m.pending);
  const canActOnLast = streaming.length === 0 && (onEditLast || onResendLast);
  const placed = placeInserts(messages, inserts);
  const insertsAfter = (index: number) =>
    placed.get(index)?.map((insert) => (
      // Cards and notes are not news to announce like a message; their own parts speak up.
      <div key={insert.key} aria-live="off" className="flex flex-col">
        {insert.node}
      </div>
    ));
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const lastScrollTop = useRef(0);
  const [isAway, setIsAway] = useState(false);
  const streamedChars = streaming.reduce((sum, reply) => sum + reply.content.length, 0);

  // Before paint, so no scroll event can see the new text without the scroll that follows it.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, streamedChars, insertsKey]);

  const jumpToLatest = () => {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = true;
    setIsAway(false);
    element.scrollTo({ top: element.scrollHeight, behavior: "smooth" });
  };

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={(event) => {
          // Only the reader scrolling up leaves the bottom: text arriving below never does.
          const element = event.currentTarget;
          const isUp = element.scrollTop < lastScrollTop.current;
          lastScrollTop.current = element.scrollTop;
          if (element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX)
            atBottom.current = true;
          else if (isUp) atBottom.current = false;
          if (isAway === atBottom.current) setIsAway(!atBottom.current);
        }}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-5 sm:px-6"
      >
        <div
          role="log"
          aria-live="polite"
          aria-label="Messages"
          aria-busy={streaming.length > 0}
          className="mx-auto flex max-w-3xl flex-col gap-4"
        >
          {placeholder && messages.length === 0 && (
            <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
              {placeholder}
            </p>
          )}
          {insertsAfter(-1)}
          {messages.map((message, index) => (
            <Fragment
              key={
                typeof message.metadata.client_id === "string"
                  ? message.metadata.client_id
                  : message.id
              }
            >
              <MessageBubble
                role={message.role}
                author={authorOf(message.role, managerRole)}
                content={message.content}
                createdAt={message.created_at}
                state={stateOf(message)}
                actions={
                  canActOnLast && index === lastUserIndex ? (
                    <LastMessageActions
                      text={message.content}
                      onEdit={onEditLast}
                      onResend={onResendLast}
                    />
                  ) : undefined
                }
              />
              {insertsAfter(index)}
            </Fragment>
          ))}
          {streaming.map((reply) => (
            <MessageBubble
              key={reply.message_id}
              role="assistant"
              author={managerRole}
              content={reply.content}
              state="streaming"
            />
          ))}
        </div>
      </div>
      {isAway && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute bottom-3 left-1/2 inline-flex min-h-8 -translate-x-1/2 items-center gap-1.5 rounded-full border border-zinc-300 bg-white px-3 text-sm font-medium shadow-md hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          <ArrowDown aria-hidden className="size-4" />
          Jump to latest
        </button>
      )}
    </div>
  );
}
