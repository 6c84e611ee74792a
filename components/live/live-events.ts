// One stream of change events per browser and user, not per tab: browsers allow about six
// HTTP/1.1 connections per host, so a server-sent-events stream in every open tab would leave a
// seventh tab unable to load. The tabs of a user elect a leader with the Web Locks API; the leader
// holds the one EventSource and passes each event to the others over a BroadcastChannel. When it
// closes, its lock is released and another tab takes over. The lock and channel are named after
// the user, so after signing in as someone else a browser listens as them, not as the last user.
import { LIVE_TOPICS, type LiveTopic } from "@/lib/protocol/live";

export interface LiveEvent {
  topic: LiveTopic;
  /** The change as the server sent it, e.g. {type: "team_changed", team: "general-team"}. */
  change: { type: string; team?: string } & Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;

const RETRY_MS = 3_000;
const MAX_RETRY_MS = 30_000;
const listenersByUser = new Map<string, Set<Listener>>();

function deliver(userId: string, event: LiveEvent) {
  for (const listener of listenersByUser.get(userId) ?? []) listener(event);
}

/**
 * Keeps the stream open for the life of the page. The browser retries a dropped stream by itself,
 * but gives up for good on an answer that is not 200 (a deploy's 502, a 401 while signed out);
 * then it is reopened here, backing off to every 30 s.
 */
function keepStreamOpen(onEvent: Listener): void {
  let delay = RETRY_MS;
  const open = () => {
    const source = new EventSource(`/api/events?topics=${LIVE_TOPICS.join(",")}`);
    source.onopen = () => (delay = RETRY_MS);
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    };
    for (const topic of LIVE_TOPICS) {
      source.addEventListener(topic, (message) => {
        try {
          onEvent({
            topic,
            change: JSON.parse((message as MessageEvent<string>).data) as LiveEvent["change"],
          });
        } catch {
          // Not an event we understand: nothing to refresh for.
        }
      });
    }
  };
  open();
}

function start(userId: string) {
  if (typeof BroadcastChannel === "undefined" || !navigator.locks) {
    // No Web Locks (a plain-HTTP host other than localhost): one stream per tab, as a fallback.
    keepStreamOpen((event) => deliver(userId, event));
    return;
  }
  const name = `elf-cc-live:${userId}`;
  const channel = new BroadcastChannel(name);
  channel.onmessage = (message: MessageEvent<LiveEvent>) => deliver(userId, message.data);
  void navigator.locks.request(name, () => {
    keepStreamOpen((event) => {
      deliver(userId, event);
      channel.postMessage(event);
    });
    // Held for the life of this tab: the lock, and so the stream, pass on when it closes.
    return new Promise<never>(() => {});
  });
}

/** Calls `listener` for every change event this user's browser hears; returns the unsubscribe. */
export function subscribeLive(userId: string, listener: Listener): () => void {
  let listeners = listenersByUser.get(userId);
  if (!listeners) {
    listeners = new Set();
    listenersByUser.set(userId, listeners);
    start(userId);
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
