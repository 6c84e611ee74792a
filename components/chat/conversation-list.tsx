// A person's conversations as a list: title, team, date, where it stands and the task it became.
// Used by the session rail beside a chat and by /chats. The open session leads back into the live
// chat; an ended one opens read-only.
import clsx from "clsx";
import Link from "next/link";
import type { Conversation } from "@/lib/chat/conversations";
import { LocalTime } from "./local-time";

const PLAN_NOTES: Record<NonNullable<Conversation["plan"]>["status"], string> = {
  proposed: "Plan awaiting confirmation",
  confirmed: "Plan confirmed",
  cancelled: "Plan cancelled",
};

export function conversationHref(conversation: Conversation): string {
  return conversation.ended_at
    ? `/chats/${conversation.id}`
    : `/teams/${encodeURIComponent(conversation.team.name)}/chat`;
}

/** /chats narrowed to the signed-in user's conversations with one team. */
export function teamConversationsHref(teamName: string): string {
  return `/chats?${new URLSearchParams({ team: teamName })}`;
}

/** The stored text around the first searched word that it contains, for a search result. */
function excerptOf(text: string, search: string): string {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0)));
  const start = Math.max(0, at - 60);
  const piece = text.slice(start, start + 160).replace(/\s+/g, " ");
  return `${start > 0 ? "…" : ""}${piece}${start + 160 < text.length ? "…" : ""}`;
}

export function ConversationList({
  conversations,
  currentId,
  showTeam = false,
  search,
  compact = false,
}: {
  conversations: Conversation[];
  /** The session shown beside the list, marked as the current page. */
  currentId?: string;
  showTeam?: boolean;
  /** The words searched for: each result then shows where they were said. */
  search?: string;
  compact?: boolean;
}) {
  return (
    <ul className={clsx("flex flex-col", compact ? "gap-1" : "gap-2")}>
      {conversations.map((conversation) => {
        const isCurrent = conversation.id === currentId;
        return (
          <li
            key={conversation.id}
            className={clsx(
              "rounded-xl border px-3 py-2",
              isCurrent
                ? "border-indigo-300 bg-indigo-50 dark:border-indigo-800 dark:bg-indigo-950/50"
                : "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
            )}
          >
            <Link
              href={conversationHref(conversation)}
              // A long history would otherwise prefetch (render on the server) every session.
              prefetch={false}
              aria-current={isCurrent ? "page" : undefined}
              className="block text-sm font-medium break-words text-zinc-900 hover:underline dark:text-zinc-100"
            >
              {conversation.title}
            </Link>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
              {showTeam && <span>{conversation.team.display_name}</span>}
              <LocalTime iso={conversation.started_at.toISOString()} pattern="d MMM yyyy, HH:mm" />
              <span
                className={clsx(
                  !conversation.ended_at && "font-medium text-emerald-800 dark:text-emerald-300",
                )}
              >
                {conversation.ended_at ? "Ended" : "Open"}
              </span>
              {conversation.plan && (
                <span>
                  {conversation.ended_at && conversation.plan.status === "proposed"
                    ? "Plan left unconfirmed"
                    : PLAN_NOTES[conversation.plan.status]}
                </span>
              )}
              {conversation.task_id && (
                <Link
                  href={`/tasks/${conversation.task_id}`}
                  prefetch={false}
                  className="inline-flex min-h-6 min-w-6 items-center justify-center font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
                >
                  Task
                </Link>
              )}
            </p>
            {search && conversation.match && (
              <p className="mt-1 text-xs break-words text-zinc-700 dark:text-zinc-300">
                {excerptOf(conversation.match, search)}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
