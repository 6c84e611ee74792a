// What a team server sent that could not be used is never dropped silently: each one is logged
// (truncated) with the session, counted (cc_upstream_unreadable_frames_total), and the chat is
// told what arrived — at most one notice every few seconds, so a flood does not bury the chat.
import type { Logger } from "pino";
import { unreadableFrames } from "../../metrics/registry";
import { excerpt } from "./frames";

const NOTICE_INTERVAL_MS = 10_000;

export type UnreadableReporter = (what: string, text: string, reason: string) => void;

export function createUnreadableReporter(options: {
  logger: Logger;
  /** Shows a notice in the chat; absent where no person is watching (e.g. a task run). */
  notice?: (message: string) => void;
  now?: () => number;
}): UnreadableReporter {
  const now = options.now ?? Date.now;
  let lastNoticeAt = -Infinity;
  let unannounced = 0;
  return (what, text, reason) => {
    unreadableFrames.inc();
    options.logger.warn(
      { frame: excerpt(text), reason },
      `the team server sent ${what} that could not be used`,
    );
    unannounced += 1;
    if (!options.notice || now() - lastNoticeAt < NOTICE_INTERVAL_MS) return;
    const more = unannounced > 1 ? ` (and ${unannounced - 1} more since the last notice)` : "";
    options.notice(
      `The team server sent ${what} that could not be used${more}: ${reason}. It sent: ${excerpt(text, 120)}`,
    );
    lastNoticeAt = now();
    unannounced = 0;
  };
}
