// Beside a team's chat: the signed-in user's conversations with that team, newest first, with a
// search across all their conversations. Below `lg` it folds into a link to /chats.
import { History } from "lucide-react";
import Link from "next/link";
import type { Conversation } from "@/lib/chat/conversations";
import { SearchForm } from "../ui/search-form";
import { ConversationList, teamConversationsHref } from "./conversation-list";

export function SessionRail({
  teamName,
  teamDisplayName,
  conversations,
  currentId,
}: {
  teamName: string;
  teamDisplayName: string;
  conversations: Conversation[];
  currentId?: string;
}) {
  return (
    <aside
      aria-labelledby="session-rail-heading"
      className="hidden w-72 shrink-0 flex-col gap-3 overflow-y-auto lg:flex"
    >
      <h2 id="session-rail-heading" className="text-sm font-semibold">
        Your conversations with {teamDisplayName}
      </h2>
      <SearchForm
        label="Search your conversations"
        path="/chats"
        q={undefined}
        placeholder="Search…"
      />
      {conversations.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No conversations yet.</p>
      ) : (
        <ConversationList conversations={conversations} currentId={currentId} compact />
      )}
      <Link
        href={teamConversationsHref(teamName)}
        className="text-sm font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
      >
        All conversations with this team
      </Link>
    </aside>
  );
}

/** Below `lg`, where the rail is hidden: the way to the same history. */
export function SessionRailLink({ teamName }: { teamName: string }) {
  return (
    <Link
      href={teamConversationsHref(teamName)}
      className="inline-flex min-h-6 items-center gap-1.5 self-start text-sm font-medium text-indigo-700 underline underline-offset-2 lg:hidden dark:text-indigo-300"
    >
      <History aria-hidden className="size-4" />
      Your conversations
    </Link>
  );
}
