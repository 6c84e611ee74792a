// A team's recent chats, read-only: for people who may read the team's chats but not write in them.
import { Eye } from "lucide-react";
import type { Transcript } from "@/lib/chat/history";
import { LocalTime } from "./local-time";
import { PlanCardReadOnly } from "./preview/plan-card-read-only";
import { StoredMessage } from "./stored-message";

interface TranscriptListProps {
  teamName: string;
  managerRole: string;
  transcripts: Transcript[];
}

export function TranscriptList({ teamName, managerRole, transcripts }: TranscriptListProps) {
  return (
    <section aria-labelledby="transcripts-heading" className="space-y-6">
      <header>
        <h1 id="transcripts-heading" className="text-2xl font-semibold">
          {teamName}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Recent chats with the {managerRole}
        </p>
      </header>
      <p
        role="note"
        className="flex items-start gap-2 rounded-xl border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900 dark:border-sky-900/60 dark:bg-sky-950/60 dark:text-sky-100"
      >
        <Eye aria-hidden className="mt-0.5 size-4 shrink-0" />
        Viewers can read this team&apos;s chats but cannot send messages.
      </p>
      {transcripts.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          Nobody has chatted with this team yet.
        </p>
      ) : (
        transcripts.map((transcript) => {
          const who = transcript.user.name ?? transcript.user.email ?? "A user";
          return (
            <article
              key={transcript.id}
              aria-label={`Chat by ${who}`}
              className="overflow-hidden rounded-2xl border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950"
            >
              <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-zinc-200 bg-white px-4 py-2.5 text-sm dark:border-zinc-800 dark:bg-zinc-900">
                <h2 className="font-medium">{who}</h2>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  Started{" "}
                  <LocalTime
                    iso={transcript.started_at.toISOString()}
                    pattern="d MMM yyyy, HH:mm"
                  />
                  {transcript.ended_at ? " · ended" : " · ongoing"}
                </p>
              </header>
              <div className="flex flex-col gap-4 px-4 py-4">
                {transcript.messages.map((message) => (
                  <StoredMessage
                    key={message.id}
                    message={message}
                    who={who}
                    managerRole={managerRole}
                  />
                ))}
                {transcript.plans.map((plan) => (
                  <PlanCardReadOnly key={plan.id} plan={plan} />
                ))}
              </div>
            </article>
          );
        })
      )}
    </section>
  );
}
