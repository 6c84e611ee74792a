// The conversation as chat templates accept it. Mistral's and Gemma's templates refuse a request
// unless, after the system message, user and assistant strictly alternate starting with the user.
// The stored history does not: it opens with the manager's greeting, and a failed or stopped turn
// leaves the user's messages back to back.
import type { ChatTurn } from "../types";

export interface AlternatingContext {
  /** User first, then strictly alternating; what was said is kept, merged where roles repeat. */
  turns: ChatTurn[];
  /** What the manager said before the first user message kept (its greeting, or an earlier reply). */
  opening: string | null;
}

/** Merges repeated roles and drops empty turns, so roles strictly alternate. */
export function mergeRepeatedRoles(history: ChatTurn[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const { role, content } of history) {
    if (!content.trim()) continue;
    const last = turns.at(-1);
    if (last?.role === role) last.content = `${last.content}\n\n${content}`;
    else turns.push({ role, content });
  }
  return turns;
}

/** The history as strictly alternating turns; the manager's opening words go to its instructions. */
export function toAlternatingContext(history: ChatTurn[]): AlternatingContext {
  const turns = mergeRepeatedRoles(history);
  const opening = turns[0]?.role === "assistant" ? turns.shift()!.content : null;
  return { turns, opening };
}
