"use client";

// The live chat with one team's manager: header, conversation, notices and the message box.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ChatHeader } from "./chat-header";
import {
  ErrorAlert,
  SessionEndedBanner,
  ThinkingIndicator,
  UnavailableNotice,
} from "./chat-notices";
import { Composer } from "./composer";
import { MessageList, type ListInsert } from "./message-list";
import { PlanRevisionNote } from "./preview/plan-revision-note";
import { PreviewCard } from "./preview/preview-card";
import { useChatSession } from "./use-chat-session";

interface ChatPanelProps {
  teamSlug: string;
  teamName: string;
  /** The manager's role as the team directory knows it, shown until the session says otherwise. */
  managerRole: string;
}

export function ChatPanel({ teamSlug, teamName, managerRole: initialManagerRole }: ChatPanelProps) {
  const { state, alert, send, stop, endSession, restart, reconnect, dismissAlert, delegation } =
    useChatSession(teamSlug);
  const { connection, session, status, ended } = state;
  const managerRole = session?.manager.role ?? initialManagerRole;
  const isReplying =
    status.state === "thinking" || status.state === "streaming" || state.streaming.length > 0;
  const isReady = connection === "connected" && session !== null;
  const [draft, setDraft] = useState<{ text: string } | null>(null);
  // A session ended because chat was turned off or the role withdrawn stays in view with its
  // reason: a refresh would replace it with the page that says chat is unavailable.
  const isAccessLost =
    ended?.summary?.reason === "chat_disabled" || ended?.summary?.reason === "access_revoked";
  useRefreshOnHistoryChange(
    [
      session?.id,
      ended ? "ended" : "open",
      state.messages.some((m) => m.role === "user" && !m.pending),
      state.preview?.status,
      state.preview?.title,
    ].join("|"),
    !isAccessLost,
  );

  const disabledReason =
    ended !== null
      ? "This session has ended. Start a new session to keep chatting."
      : session?.read_only
        ? "You can read this chat but not send messages."
        : connection === "offline"
          ? "You are offline."
          : !isReady
            ? "Connecting to the manager…"
            : state.limits?.messages_left === 0
              ? "No messages are left in this session. Start a new session to continue."
              : null;

  const { preview } = state;
  const previewTask = preview
    ? (Object.values(state.tasks).find((t) => t.plan_id === preview.id) ?? null)
    : null;
  const cardAnchor = useRef<HTMLDivElement>(null);
  const showPlan = () => {
    cardAnchor.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    cardAnchor.current?.focus({ preventScroll: true });
  };
  // The plan once, at the turn that proposed it; each later version as what changed, at its turn.
  const inserts: ListInsert[] = preview
    ? [
        {
          key: `plan:${preview.id}`,
          at: preview.created_at,
          node: (
            <div ref={cardAnchor} tabIndex={-1} className="scroll-mt-4 outline-none">
              <PreviewCard
                plan={preview}
                task={previewTask}
                canAct={session !== null && !session.read_only && ended === null}
                actions={delegation}
              />
            </div>
          ),
        },
        ...state.revisions
          .filter((revision) => revision.to.id === preview.id)
          .map((revision) => ({
            key: `revision:${revision.to.id}:${revision.to.version}`,
            at: revision.to.updated_at,
            node: <PlanRevisionNote revision={revision} onShowPlan={showPlan} />,
          })),
      ]
    : [];

  const placeholder =
    session !== null
      ? null
      : connection === "offline"
        ? "Not connected: the conversation appears here once the chat connects."
        : "Opening the session…";

  return (
    <section
      aria-label={`Chat with ${teamName}`}
      className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-2xl border border-zinc-200 bg-zinc-50 shadow-sm dark:border-zinc-800 dark:bg-zinc-950"
    >
      <ChatHeader
        teamName={session?.team.display_name ?? teamName}
        managerRole={managerRole}
        managerLabel={session?.manager.label ?? null}
        connection={connection}
        limits={state.limits}
        canEnd={isReady && ended === null}
        openPlanTitle={preview?.status === "proposed" ? preview.title : null}
        onEnd={() => void endSession()}
      />
      {status.state === "unavailable" && ended === null && (
        <UnavailableNotice reason={status.reason} />
      )}
      <MessageList
        messages={state.messages}
        streaming={state.streaming}
        managerRole={managerRole}
        placeholder={placeholder}
        inserts={inserts}
        onEditLast={disabledReason === null ? (text) => setDraft({ text }) : undefined}
        onResendLast={
          disabledReason === null && !isReplying ? (text) => void send(text) : undefined
        }
        insertsKey={preview ? `${preview.id}:${preview.version}:${preview.status}` : undefined}
      />
      {status.state === "thinking" && state.streaming.length === 0 && (
        <ThinkingIndicator managerRole={managerRole} />
      )}
      <ErrorAlert
        message={alert}
        onDismiss={dismissAlert}
        onReconnect={connection === "offline" ? reconnect : undefined}
      />
      {ended && <SessionEndedBanner summary={ended.summary} onRestart={() => void restart()} />}
      <Composer
        disabledReason={disabledReason}
        isClosed={ended !== null}
        isReplying={isReplying}
        onSend={send}
        onStop={() => void stop()}
        draft={draft}
      />
    </section>
  );
}

/**
 * Re-renders the server parts of the page (the session rail) when what they show of this session
 * changes: a new session, its end, its first message (its title), its plan. The chat's own state
 * is client state and survives the refresh.
 */
function useRefreshOnHistoryChange(key: string, isEnabled: boolean) {
  const router = useRouter();
  const shown = useRef(key);
  useEffect(() => {
    if (!isEnabled || shown.current === key) return;
    shown.current = key;
    router.refresh();
  }, [key, isEnabled, router]);
}
