import { BookOpen, MessageSquare } from "lucide-react";
import Link from "next/link";
import type { Team } from "@/lib/teams/schemas";

const chatHref = (team: Team) => `/teams/${encodeURIComponent(team.name)}/chat`;

/**
 * The chat badge and icon (product.md §3): a link to the team's chat, shown only on teams the
 * viewer may chat with. A role that may only read a chat-eligible team's chats gets a quiet
 * "Read chats" link instead, which is not a badge.
 */
export function ChatBadge({ team }: { team: Team }) {
  if (team.chat_available) {
    return (
      <Link
        href={chatHref(team)}
        data-testid="chat-badge"
        aria-label={`Chat with ${team.display_name}`}
        title={`Chat with the ${team.manager?.role ?? "manager"}`}
        className="inline-flex items-center gap-1.5 rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-medium text-emerald-800 transition-colors hover:bg-emerald-200 dark:bg-emerald-900/60 dark:text-emerald-200 dark:hover:bg-emerald-800/70"
      >
        <MessageSquare aria-hidden className="size-3.5" />
        Chat
      </Link>
    );
  }
  if (team.chat_unavailable_reason === "role_not_allowed") {
    return (
      <Link
        href={chatHref(team)}
        aria-label={`Read chats with ${team.display_name}`}
        className="inline-flex items-center gap-1 rounded text-xs text-zinc-500 underline-offset-2 hover:text-zinc-800 hover:underline dark:text-zinc-400 dark:hover:text-zinc-200"
      >
        <BookOpen aria-hidden className="size-3.5" />
        Read chats
      </Link>
    );
  }
  return null;
}
