// A message as the database keeps it, read back in a transcript: a bubble with its author and
// whether it failed or was stopped. Shared by the team's transcripts and one past conversation.
import type { MessageRow } from "@/lib/chat/schemas";
import { MessageBubble } from "./message-bubble";

export function StoredMessage({
  message,
  who,
  managerRole,
}: {
  message: MessageRow;
  /** The person chatting, as the reader should hear it ("You", a name). */
  who: string;
  managerRole: string;
}) {
  return (
    <MessageBubble
      role={message.role}
      author={message.role === "user" ? who : message.role === "assistant" ? managerRole : "System"}
      content={message.content}
      createdAt={message.created_at.toISOString()}
      state={
        message.metadata.error === true
          ? "error"
          : message.metadata.stopped === true
            ? "stopped"
            : undefined
      }
    />
  );
}
