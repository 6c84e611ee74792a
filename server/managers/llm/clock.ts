// Today as the organisation sees it: the date, the time and the UTC offset in its time zone
// (ORG_TIMEZONE), so the manager can turn "by Friday" into a date with the right offset.

export interface OrgClock {
  now: Date;
  /** IANA name, e.g. "Europe/Paris". */
  timeZone: string;
}

export interface LocalDay {
  /** YYYY-MM-DD */
  date: string;
  /** e.g. "Friday 4 December 2026" */
  long: string;
  /** e.g. "14:05" */
  time: string;
  /** e.g. "+01:00" */
  offset: string;
  offsetMinutes: number;
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? "";
}

/** The zone's UTC offset at `at`, in minutes (east positive). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const name = part(
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(at),
    "timeZoneName",
  ); // "GMT+05:30", "GMT-08:00", or "GMT" for UTC itself
  const match = /([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function localDay({ now, timeZone }: OrgClock): LocalDay {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const numeric = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now); // 2026-12-04
  const minutes = offsetMinutes(timeZone, now);
  return {
    date: numeric,
    long: `${part(parts, "weekday")} ${part(parts, "day")} ${part(parts, "month")} ${part(parts, "year")}`,
    time: `${part(parts, "hour")}:${part(parts, "minute")}`,
    offset: formatOffset(minutes),
    offsetMinutes: minutes,
  };
}

/** `date` (YYYY-MM-DD) at `time` (HH:MM) in the zone, as an ISO date-time with its offset then. */
export function zonedDateTime(date: string, time: string, timeZone: string): string {
  // Zones change offset at night, local time: the offset at noon UTC that day is, for a
  // working-hours time, the one in force then.
  const minutes = offsetMinutes(timeZone, new Date(`${date}T12:00:00Z`));
  return `${date}T${time}:00${formatOffset(minutes)}`;
}
