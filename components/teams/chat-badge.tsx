import clsx from "clsx";
import { BookOpen, MessageSquare, TriangleAlert } from "lucide-react";
import Link from "next/link";
import type { Team } from "@/lib/teams/schemas";

const chatHref = (team: Team) => `/teams/${encodeURIComponent(team.name)}/chat`;

/** Why and since when a team server is down, for a title (which cannot hold a <LocalTime>). */
const downSince = (health: NonNullable<Team["health"]>) =>
  `${health.reason ?? "no answer"} (since ${new Date(health.since).toUTCString()})`;

/**
 * The chat badge and icon (product.md §3): a link to the team's chat, shown only on teams the
 * viewer may chat with. A role that may only read a chat-eligible team's chats gets a quiet
 * "Read chats" link instead, which is not a badge.
 */
export function ChatBadge({ team }: { team: Team }) {
  const down = team.health && !team.health.reachable ? team.health : null;
  if (team.chat_available) {
    // Chat-enabled but its team server is not answering: still a way in, saying why it may fail.
    const Icon = down ? TriangleAlert : MessageSquare;
    return (
      <Link
        href={chatHref(team)}
        data-testid="chat-badge"
        data-degraded={down ? "true" : undefined}
        aria-label={
          down
            ? `Chat with ${team.display_name} (team server unreachable)`
            : `Chat with ${team.display_name}`
        }
        title={
          down
            ? `${team.display_name}'s team server is unreachable: ${downSince(down)}`
            : `Chat with the ${team.manager?.role ?? "manager"}`
        }
        className={clsx(
          "inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium transition-colors",
          down
            ? "bg-amber-100 text-amber-900 hover:bg-amber-200 dark:bg-amber-900/60 dark:text-amber-100 dark:hover:bg-amber-800/70"
            : "bg-emerald-100 text-emerald-800 hover:bg-emerald-200 dark:bg-emerald-900/60 dark:text-emerald-200 dark:hover:bg-emerald-800/70",
        )}
      >
        <Icon aria-hidden className="size-3.5" />
        {down ? "Chat · unreachable" : "Chat"}
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
  if (down) {
    // No chat here, but people still need to know the team's server is down.
    return (
      <span
        title={`Unreachable: ${downSince(down)}`}
        className="inline-flex items-center gap-1 text-xs text-amber-800 dark:text-amber-200"
      >
        <TriangleAlert aria-hidden className="size-3.5" />
        Unreachable
      </span>
    );
  }
  return null;
}
