"use client";
// Keeps a server-rendered page current: when the server says something it shows has changed,
// the page re-renders on the server (router.refresh keeps client state such as open forms).
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export type LiveTopic = "teams" | "tasks" | "plans" | "account";

const COALESCE_MS = 200;
/** Spread over this much more, so a change seen by a thousand open pages is not a thousand renders at once. */
const JITTER_MS = 400;

/** `team` keeps only that team's changes (of teams and plans); the page still hears "account". */
export function LiveRefresh({ topics, team }: { topics: LiveTopic[]; team?: string }) {
  const router = useRouter();
  const key = [...new Set([...topics, "account"])].sort().join(",");

  useEffect(() => {
    const query = new URLSearchParams({ topics: key, ...(team ? { team } : {}) });
    const source = new EventSource(`/api/events?${query.toString()}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), COALESCE_MS + Math.random() * JITTER_MS);
    };
    for (const topic of key.split(",")) source.addEventListener(topic, refresh);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [key, team, router]);

  return null;
}
