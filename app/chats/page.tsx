import type { Metadata } from "next";
import Link from "next/link";
import { ConversationList } from "@/components/chat/conversation-list";
import { SiteHeader } from "@/components/site-header";
import { SearchForm } from "@/components/ui/search-form";
import { requirePageUser } from "@/lib/auth/current-user";
import { teamSlugSchema } from "@/lib/chat/access";
import { listConversations } from "@/lib/chat/conversations";
import { getDb } from "@/lib/db/client";
import { readListPage } from "@/lib/pagination";
import { findTeamForRole } from "@/lib/teams/service";

export const metadata: Metadata = { title: "Your conversations" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ChatsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { q } = readListPage(params);
  const teamParam = teamSlugSchema.safeParse(
    Array.isArray(params.team) ? params.team[0] : params.team,
  );
  const query = new URLSearchParams(
    Object.entries({ q, team: teamParam.success ? teamParam.data : undefined }).filter(
      (entry): entry is [string, string] => Boolean(entry[1]),
    ),
  ).toString();
  const user = await requirePageUser(`/chats${query ? `?${query}` : ""}`);
  const db = getDb();
  const team = teamParam.success ? await findTeamForRole(db, teamParam.data, user.role) : null;
  const conversations = await listConversations(db, user.id, {
    teamId: team?.id,
    search: q,
    limit: 100,
  });

  return (
    <>
      <SiteHeader user={user} />
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
        <div>
          <h1 className="text-2xl font-semibold">Your conversations</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {team ? `With ${team.display_name}. ` : "With every team. "}
            {team && (
              <Link
                href={q ? `/chats?q=${encodeURIComponent(q)}` : "/chats"}
                className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
              >
                Show every team
              </Link>
            )}
          </p>
        </div>
        <SearchForm
          label="Search your conversations"
          path="/chats"
          q={q}
          keep={{ team: team?.name }}
          placeholder="Words from a conversation"
        />
        <section aria-label={q ? `Conversations matching “${q}”` : "Conversations"}>
          {conversations.length === 0 ? (
            <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
              {q ? `No conversation of yours mentions “${q}”.` : "You have no conversations yet."}
            </p>
          ) : (
            <ConversationList conversations={conversations} showTeam={!team} search={q} />
          )}
        </section>
      </main>
    </>
  );
}
