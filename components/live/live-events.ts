// One stream of change events per browser, not per tab: browsers allow about six HTTP/1.1
// connections per host, so a server-sent-events stream in every open tab would leave a seventh
// tab unable to load. The tabs elect a leader with the Web Locks API; the leader holds the one
// EventSource and passes each event to the others over a BroadcastChannel. When it closes, its
// lock is released and another tab takes over.
import type { LiveTopic } from "./live-refresh";

export interface LiveEvent {
  topic: LiveTopic;
  /** The change as the server sent it, e.g. {type: "team_changed", team: "general-team"}. */
  change: { type: string; team?: string } & Record<string, unknown>;
}

const ALL_TOPICS: LiveTopic[] = ["teams", "tasks", "plans", "account"];
const CHANNEL = "elf-cc-live";
const listeners = new Set<(event: LiveEvent) => void>();
let started = false;

function deliver(event: LiveEvent) {
  for (const listener of listeners) listener(event);
}

/** Opens the stream and hands every event to `onEvent` until the page goes away. */
function openStream(onEvent: (event: LiveEvent) => void): EventSource {
  const source = new EventSource(`/api/events?topics=${ALL_TOPICS.join(",")}`);
  for (const topic of ALL_TOPICS) {
    source.addEventListener(topic, (message) => {
      try {
        onEvent({ topic, change: JSON.parse((message as MessageEvent<string>).data) as LiveEvent["change"] });
      } catch {
        // Not an event we understand: nothing to refresh for.
      }
    });
  }
  return source;
}

function start() {
  if (started) return;
  started = true;
  if (typeof BroadcastChannel === "undefined" || !navigator.locks) {
    openStream(deliver);
    return;
  }
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (message: MessageEvent<LiveEvent>) => deliver(message.data);
  void navigator.locks.request(CHANNEL, () => {
    openStream((event) => {
      deliver(event);
      channel.postMessage(event);
    });
    // Held for the life of this tab: the lock, and so the stream, pass on when it closes.
    return new Promise<never>(() => {});
  });
}

/** Calls `listener` for every change event in this browser; returns the unsubscribe. */
export function subscribeLive(listener: (event: LiveEvent) => void): () => void {
  start();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
