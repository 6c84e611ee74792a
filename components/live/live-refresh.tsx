"use client";
// Keeps a server-rendered page current: when the server says something it shows has changed,
// the page re-renders on the server (router.refresh keeps client state such as open forms).
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export type LiveTopic = "teams" | "tasks" | "account";

const COALESCE_MS = 200;
/** Spread over this much more, so a change seen by a thousand open pages is not a thousand renders at once. */
const JITTER_MS = 400;

export function LiveRefresh({ topics }: { topics: LiveTopic[] }) {
  const router = useRouter();
  const key = [...new Set([...topics, "account"])].sort().join(",");

  useEffect(() => {
    const source = new EventSource(`/api/events?topics=${key}`);
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
  }, [key, router]);

  return null;
}
