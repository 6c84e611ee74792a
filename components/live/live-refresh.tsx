"use client";
// Keeps a server-rendered page current: when the server says something it shows has changed,
// the page re-renders on the server (router.refresh keeps client state such as open forms).
// Events come from the browser's one shared stream (live-events.ts).
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { LiveTopic } from "@/lib/protocol/live";
import { subscribeLive } from "./live-events";

const COALESCE_MS = 200;
/** Spread over this much more, so a change seen by a thousand open pages is not a thousand renders at once. */
const JITTER_MS = 400;

/** `team` keeps only that team's changes (of teams and plans); the page still hears "account". */
export function LiveRefresh({
  userId,
  topics,
  team,
}: {
  userId: string;
  topics: LiveTopic[];
  team?: string;
}) {
  const router = useRouter();
  const key = [...new Set([...topics, "account"])].sort().join(",");

  useEffect(() => {
    const wanted = new Set(key.split(","));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribeLive(userId, ({ topic, change }) => {
      if (!wanted.has(topic)) return;
      if (team && change.team !== undefined && change.team !== team) return;
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), COALESCE_MS + Math.random() * JITTER_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [userId, key, team, router]);

  return null;
}
