import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ChatPanel } from "@/components/chat/chat-panel";
import { ChatUnavailable } from "@/components/chat/chat-unavailable";
import { SessionRail, SessionRailLink } from "@/components/chat/session-rail";
import { TranscriptList } from "@/components/chat/transcript-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SiteHeader } from "@/components/site-header";
import { getCurrentUser, requirePageUser } from "@/lib/auth/current-user";
import type { Role } from "@/lib/auth/roles";
import { teamSlugSchema } from "@/lib/chat/access";
import { listConversations } from "@/lib/chat/conversations";
import { listTeamTranscripts } from "@/lib/chat/history";
import { getDb } from "@/lib/db/client";
import { findTeamForRole } from "@/lib/teams/service";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

/** The team as this role sees it, looked up once per request for the page and its title. */
const loadTeam = cache(async (slug: string, role: Role) => {
  const parsed = teamSlugSchema.safeParse(slug);
  return parsed.success ? findTeamForRole(getDb(), parsed.data, role) : null;
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug } = await params;
  const user = await getCurrentUser();
  const team = user ? await loadTeam(slug, user.role) : null;
  return { title: team ? `Chat with ${team.display_name}` : "Chat" };
}

export default async function TeamChatPage({ params }: Params) {
  const { slug } = await params;
  const user = await requirePageUser(`/teams/${encodeURIComponent(slug)}/chat`);
  const team = await loadTeam(slug, user.role);
  if (!team) notFound();
  const managerRole = team.manager?.role ?? "Manager";
  const reason = team.chat_unavailable_reason;
  const conversations = team.chat_available
    ? await listConversations(getDb(), user.id, { teamId: team.id, limit: 50 })
    : [];

  return (
    <div className="flex h-dvh flex-col">
      <SiteHeader user={user} />
      {team.chat_available ? (
        <main className="mx-auto flex min-h-0 w-full max-w-7xl flex-1 gap-5 px-3 py-3 sm:px-6 sm:py-5">
          <SessionRail
            teamName={team.name}
            teamDisplayName={team.display_name}
            conversations={conversations}
            currentId={conversations.find((c) => c.ended_at === null)?.id}
          />
          <div className="flex min-h-0 min-w-0 flex-1 flex-col gap-2">
            <SessionRailLink teamName={team.name} />
            <ChatPanel
              teamSlug={team.name}
              teamName={team.display_name}
              managerRole={managerRole}
            />
          </div>
        </main>
      ) : reason === "role_not_allowed" ? (
        <main className="w-full flex-1 overflow-y-auto">
          {/* Plans proposed, edited, confirmed or cancelled in the team's chats show without a reload. */}
          <LiveRefresh userId={user.id} topics={["plans"]} team={team.name} />
          <div className="mx-auto max-w-4xl px-4 py-6 sm:px-6 sm:py-8">
            <TranscriptList
              teamName={team.display_name}
              managerRole={managerRole}
              transcripts={await listTeamTranscripts(getDb(), team.id, { sessions: 10 })}
            />
          </div>
        </main>
      ) : (
        <main className="w-full flex-1 overflow-y-auto px-4 py-12 sm:px-6">
          <ChatUnavailable teamName={team.display_name} reason={reason ?? "chat_disabled"} />
        </main>
      )}
    </div>
  );
}
