"use client";

// A timestamp in the reader's own time zone. The server renders it in UTC (it cannot know the
// browser's zone); the browser switches to local time right after hydration without a mismatch.
import { format } from "date-fns";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function LocalTime({ iso, pattern = "HH:mm" }: { iso: string; pattern?: string }) {
  const date = new Date(iso);
  const text = useSyncExternalStore(
    subscribe,
    () => format(date, pattern),
    () => `${format(new Date(date.getTime() + date.getTimezoneOffset() * 60_000), pattern)} UTC`,
  );
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {text}
    </time>
  );
}
