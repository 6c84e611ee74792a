// A model's deadline as the plan needs it, an ISO 8601 date-time with an offset. Models often
// write a bare day ("2026-12-11"), a time without an offset, or keep the person's words ("by
// Friday"); each is read in the organisation's time zone instead of being refused.
import { z } from "zod";
import { findDeadline } from "../offline/deadline";
import { offsetMinutes, zonedDateTime, type OrgClock } from "./clock";

/** A day without a time is due at the end of that working day. */
const END_OF_DAY = "17:00";
const isoWithOffset = z.iso.datetime({ offset: true });

/** `value` as an ISO date-time with the organisation's offset when it can be read; else as it is. */
export function readDeadline(value: unknown, clock: OrgClock): unknown {
  if (typeof value !== "string" || isoWithOffset.safeParse(value).success) return value;
  const text = value.trim();
  if (!text) return null;
  const day = /^(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (day) return zonedDateTime(day[1]!, END_OF_DAY, clock.timeZone);
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text);
  if (local) return zonedDateTime(local[1]!, local[2]!, clock.timeZone);
  const words = findDeadline(text, {
    now: clock.now,
    timezone: offsetMinutes(clock.timeZone, clock.now),
  });
  return words ? zonedDateTime(words.day, END_OF_DAY, clock.timeZone) : value;
}
