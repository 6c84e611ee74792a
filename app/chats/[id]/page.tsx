import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { teamConversationsHref } from "@/components/chat/conversation-list";
import { ConversationTranscript } from "@/components/chat/conversation-transcript";
import { SiteHeader } from "@/components/site-header";
import { getCurrentUser, requirePageUser } from "@/lib/auth/current-user";
import type { Role } from "@/lib/auth/roles";
import { getConversation } from "@/lib/chat/conversations";
import { getDb } from "@/lib/db/client";
import { findTeamForRole } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Read once per request for the page and its title; null for a session this reader may not see. */
const loadConversation = cache((id: string, userId: string, role: Role) =>
  getConversation(getDb(), id, { id: userId, role }),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const user = await getCurrentUser();
  const conversation = user ? await loadConversation(id, user.id, user.role) : null;
  return { title: conversation ? conversation.title : "Conversation" };
}

export default async function ConversationPage({ params }: Params) {
  const { id } = await params;
  const user = await requirePageUser(`/chats/${encodeURIComponent(id)}`);
  const conversation = await loadConversation(id, user.id, user.role);
  if (!conversation) notFound();
  const team = await findTeamForRole(getDb(), conversation.team.name, user.role);

  return (
    <>
      <SiteHeader user={user} />
      <main className="mx-auto max-w-4xl space-y-5 px-4 py-6 sm:px-6 sm:py-8">
        <Link
          href={teamConversationsHref(conversation.team.name)}
          className="inline-flex min-h-6 items-center gap-1.5 text-sm font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
        >
          <ArrowLeft aria-hidden className="size-4" />
          Your conversations with {conversation.team.display_name}
        </Link>
        <ConversationTranscript
          conversation={conversation}
          managerRole={team?.manager?.role ?? "Manager"}
          isOwn={conversation.user.id === user.id}
        />
      </main>
    </>
  );
}
