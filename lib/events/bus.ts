// Changes that open pages and sockets must hear about, on every Control Center instance and from
// the CLI: one PostgreSQL NOTIFY channel carrying small, typed, validated events. Listeners
// re-read what changed from the database; an event only says what to look at.
import "server-only";
import { z } from "zod";
import type { Db, Sql } from "../db/client";
import { getLogger } from "../logger";

export const CHANGES_CHANNEL = "cc_changes";

export const changeEventSchema = z.discriminatedUnion("type", [
  /** A team's settings, chat switch, manager endpoint or health changed. */
  z.object({ type: z.literal("team_changed"), team: z.string() }),
  /** A user's role changed or they were disabled or enabled. */
  z.object({ type: z.literal("user_changed"), user_id: z.string() }),
  /** A task or one of its subtasks changed. */
  z.object({ type: z.literal("task_updated"), task_id: z.string() }),
  /** A delegation plan of a team's chat session was proposed, revised, edited, confirmed or cancelled. */
  z.object({ type: z.literal("plan_changed"), team: z.string(), session_id: z.string() }),
]);
export type ChangeEvent = z.infer<typeof changeEventSchema>;

export async function publishChange(sql: Db, event: ChangeEvent): Promise<void> {
  await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(changeEventSchema.parse(event))})`;
}

/**
 * Calls `onChange` for every change published anywhere; resolves once listening. `onListen` is
 * called each time listening begins, the first time and after the connection was lost and made
 * again: what was published meanwhile was not heard.
 */
export async function subscribeChanges(
  sql: Sql,
  onChange: (event: ChangeEvent) => void,
  onListen?: () => void,
): Promise<() => Promise<void>> {
  const subscription = await sql.listen(
    CHANGES_CHANNEL,
    (payload) => {
      let event: ChangeEvent;
      try {
        event = changeEventSchema.parse(JSON.parse(payload));
      } catch (error) {
        getLogger().warn({ err: error }, "ignored a malformed change notification");
        return;
      }
      onChange(event);
    },
    onListen,
  );
  return () => subscription.unlisten();
}
