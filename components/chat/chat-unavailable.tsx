// Why a team's chat cannot be opened, in words a user can act on, and the way back.
import { ArrowLeft, MessageSquareOff } from "lucide-react";
import Link from "next/link";
import type { ChatUnavailableReason } from "@/lib/teams/schemas";

const EXPLANATIONS: Record<ChatUnavailableReason, { title: string; detail: string }> = {
  chat_disabled: {
    title: "Chat is turned off for this team",
    detail:
      "An admin has not enabled the chat interface for this team. Ask an admin to turn it on in the team settings.",
  },
  team_inactive: {
    title: "This team is not active",
    detail:
      "Chat is only open with active teams. It becomes available again when the team is reactivated.",
  },
  no_manager: {
    title: "This team has no manager",
    detail:
      "Chats are held with a team's manager, and this team has none yet. Add a manager to the team first.",
  },
  not_top_level: {
    title: "Chat is only available with top-level teams",
    detail:
      "This team works under another team. Chat with the team it reports to; its manager delegates work here.",
  },
  role_not_allowed: {
    title: "Your role cannot chat with this team",
    detail: "This team's chat policy does not include your role. Ask an admin if you need access.",
  },
};

export function ChatUnavailable({
  teamName,
  reason,
}: {
  teamName: string;
  reason: ChatUnavailableReason;
}) {
  const { title, detail } = EXPLANATIONS[reason];
  return (
    <section
      aria-labelledby="chat-unavailable-heading"
      className="mx-auto max-w-xl rounded-2xl border border-zinc-200 bg-white p-8 text-center shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <MessageSquareOff aria-hidden className="mx-auto size-8 text-zinc-400" />
      <p className="mt-4 text-sm font-medium text-zinc-500 dark:text-zinc-400">{teamName}</p>
      <h1 id="chat-unavailable-heading" className="mt-1 text-xl font-semibold">
        {title}
      </h1>
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{detail}</p>
      <Link
        href="/teams"
        className="mt-6 inline-flex items-center gap-1.5 rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        <ArrowLeft aria-hidden className="size-4" />
        Back to teams
      </Link>
    </section>
  );
}
