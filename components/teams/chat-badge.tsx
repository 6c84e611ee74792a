import { MessageSquare } from "lucide-react";
import type { Team } from "@/lib/teams/schemas";

/** The chat badge and icon (product.md §3), shown only on teams the viewer may chat with. */
export function ChatBadge({ team }: { team: Team }) {
  if (!team.chat_available) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <span
        data-testid="chat-badge"
        className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200"
      >
        Chat
      </span>
      <span
        role="img"
        aria-label={`Chat with ${team.display_name} (not connected yet)`}
        title="Chat is not connected yet"
        className="inline-flex cursor-not-allowed items-center rounded-md p-1 text-zinc-400"
      >
        <MessageSquare aria-hidden className="size-4" />
      </span>
    </span>
  );
}
