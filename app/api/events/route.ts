// Server-sent events for open pages: "teams" when a team changes, "tasks" when a task does, "plans"
// when a delegation plan of a chat does, and "account" when the signed-in user's own role or
// access changes; `team` keeps only that team's team and plan changes. Pages re-read what they show.
// A stream ends once its user may no longer use the app (disabled, or signed out by a reset).
import { z } from "zod";
import { requireStreamUser } from "@/lib/auth/current-user";
import { teamSlugSchema } from "@/lib/chat/access";
import { getDb } from "@/lib/db/client";
import { subscribeChanges, type ChangeEvent } from "@/lib/events/bus";
import { parseQuery, route } from "@/lib/http";
import { adjustProcessGauge } from "@/lib/process-gauges";
import { liveTopicSchema, type LiveTopic } from "@/lib/protocol/live";

export const dynamic = "force-dynamic";

const querySchema = z.strictObject({
  topics: z
    .string()
    .transform((value) => value.split(","))
    .pipe(z.array(liveTopicSchema).min(1)),
  team: teamSlugSchema.optional(),
});
const HEARTBEAT_MS = 25_000;

function topicOf(event: ChangeEvent, userId: string, team: string | undefined): LiveTopic | null {
  if (event.type === "team_changed" || event.type === "plan_changed") {
    if (team !== undefined && event.team !== team) return null;
    return event.type === "team_changed" ? "teams" : "plans";
  }
  if (event.type === "task_updated") return "tasks";
  return event.user_id === userId ? "account" : null;
}

export const GET = route(async (request) => {
  const { user, isStillAllowed } = await requireStreamUser(request);
  const query = parseQuery(request, querySchema);
  const topics = new Set(query.topics);
  const encoder = new TextEncoder();
  let close = () => {};

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      const unsubscribe = await subscribeChanges(getDb(), (event) => {
        const topic = topicOf(event, user.id, query.team);
        if (topic && topics.has(topic)) send(`event: ${topic}\ndata: ${JSON.stringify(event)}\n\n`);
        // The account event goes first, so the page re-renders (and finds itself signed out).
        if (topic === "account") {
          void isStillAllowed().then(
            (allowed) => {
              if (!allowed) close();
            },
            () => close(),
          );
        }
      });
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      let closed = false;
      adjustProcessGauge("event_stream_clients", 1);
      close = () => {
        if (closed) return;
        closed = true;
        adjustProcessGauge("event_stream_clients", -1);
        clearInterval(heartbeat);
        void unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", close);
      send("retry: 3000\n: listening\n\n");
    },
    cancel() {
      close();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
