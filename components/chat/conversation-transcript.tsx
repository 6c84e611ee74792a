// One past conversation, read-only: what was said, the plans proposed in it and the task one
// became. Nothing here can send, edit or confirm.
import Link from "next/link";
import type { ConversationDetail } from "@/lib/chat/conversations";
import { LocalTime } from "./local-time";
import { PlanCardReadOnly } from "./preview/plan-card-read-only";
import { StoredMessage } from "./stored-message";

const END_REASONS: Record<string, string> = {
  user_ended: "ended by you",
  duration_limit: "ended at its time limit",
  message_limit: "ended at its message limit",
  chat_disabled: "ended when chat was turned off",
  access_revoked: "ended when access was withdrawn",
};

export function ConversationTranscript({
  conversation,
  managerRole,
  isOwn,
}: {
  conversation: ConversationDetail;
  managerRole: string;
  /** The reader's own conversation (else an admin or viewer reading someone else's). */
  isOwn: boolean;
}) {
  const who = isOwn
    ? "You"
    : (conversation.user.name ?? conversation.user.email ?? "The person chatting");
  const reason = conversation.end_reason ? END_REASONS[conversation.end_reason] : undefined;
  return (
    <article aria-labelledby="conversation-title" className="space-y-5">
      <header>
        <h1 id="conversation-title" className="text-2xl font-semibold break-words">
          {conversation.title}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {conversation.team.display_name}
          {!isOwn && ` · ${who}`} · started{" "}
          <LocalTime iso={conversation.started_at.toISOString()} pattern="d MMM yyyy, HH:mm" />
          {conversation.ended_at ? (
            <>
              {" "}
              · {reason ?? "ended"}{" "}
              <LocalTime iso={conversation.ended_at.toISOString()} pattern="d MMM yyyy, HH:mm" />
            </>
          ) : (
            " · open"
          )}
        </p>
      </header>
      <p
        role="note"
        className="rounded-xl border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-900/60 dark:bg-sky-950/60 dark:text-sky-100"
      >
        {conversation.ended_at
          ? "This conversation has ended: it is read-only."
          : "Read-only view."}{" "}
        {isOwn && (
          <Link
            href={`/teams/${encodeURIComponent(conversation.team.name)}/chat`}
            className="font-medium underline underline-offset-2"
          >
            {conversation.ended_at ? "Chat with the team again" : "Continue in the chat"}
          </Link>
        )}
      </p>
      <div
        role="log"
        aria-label="Messages"
        className="flex flex-col gap-4 rounded-2xl border border-zinc-200 bg-zinc-50 px-4 py-5 dark:border-zinc-800 dark:bg-zinc-950"
      >
        {conversation.messages.map((message) => (
          <StoredMessage key={message.id} message={message} who={who} managerRole={managerRole} />
        ))}
      </div>
      {conversation.plans.map((plan) => (
        <PlanCardReadOnly key={plan.id} plan={plan} />
      ))}
    </article>
  );
}
