// Deadlines in the user's own words, read by chrono-node plus the business shorthands it lacks
// (EOD, end of quarter, Q3, year end), and kept only when they plausibly are a deadline.
import * as chrono from "chrono-node";

export interface Deadline {
  /** An ISO timestamp. A day without a time is noon, so it names the same day in any zone. */
  iso: string;
  /** The calendar day in the reader's time zone, YYYY-MM-DD. */
  day: string;
  /** The user's words it was read from, e.g. "next Friday". */
  text: string;
}

/** What relative dates are relative to; `timezone` as chrono takes it (default: the server's). */
export interface DateReference {
  now: Date;
  timezone?: string | number;
}

type LocalDate = { year: number; month: number; day: number };

const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const quarterEnd = (year: number, quarter: number): LocalDate => ({
  year,
  month: quarter * 3,
  day: lastDayOf(year, quarter * 3),
});

const reader = chrono.casual.clone();
// First, so that on equal spans they win over chrono's own reading ("this quarter" is not today).
reader.parsers.unshift(
  {
    pattern: () => /\b(?:EOD|COB|end of (?:the )?(?:business )?day|close of business)\b/i,
    extract: (context) => ({
      ...toLocalDate(context.reference.getDateWithAdjustedTimezone()),
      hour: 17,
      minute: 0,
    }),
  },
  {
    pattern: () =>
      /\b(?:(?:the )?end of (?:the |this )?quarter|this quarter|EOQ|(?:(?:the )?end of )?Q([1-4])(?:\s+(20\d\d))?)\b/i,
    extract: (context, match) => {
      const today = toLocalDate(context.reference.getDateWithAdjustedTimezone());
      const current = Math.ceil(today.month / 3);
      const quarter = match[1] ? Number(match[1]) : current;
      const year = match[2] ? Number(match[2]) : today.year + (quarter < current ? 1 : 0);
      return quarterEnd(year, quarter);
    },
  },
  {
    // The working week ends on Friday; at the weekend, "end of the week" is next week's.
    pattern: () => /\b(?:(?:the )?end of (?:the |this |(next) )?week|EOW)\b/i,
    extract: (context, match) => {
      const today = context.reference.getDateWithAdjustedTimezone();
      const friday = new Date(today);
      friday.setDate(today.getDate() + ((5 - today.getDay() + 7) % 7) + (match[1] ? 7 : 0));
      return toLocalDate(friday);
    },
  },
  {
    pattern: () => /\b(?:(?:the )?end of (?:the |this )?year|EOY|year[- ]end)\b/i,
    extract: (context) => ({
      year: toLocalDate(context.reference.getDateWithAdjustedTimezone()).year,
      month: 12,
      day: 31,
    }),
  },
);

function toLocalDate(date: Date): LocalDate {
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

/** Words before a date that make it a deadline rather than a date in passing. */
const CUE_BEFORE =
  /\b(?:by|before|until|till|due(?: on| by)?|deadline(?: is)?:?|no later than|in time for|ahead of|latest|on|in|for|over|during|at|from)\s+(?:the\s+)?$/i;
/** Cues that name a deadline outright, where "on Monday" may only say when something happens. */
const STRONG_CUE =
  /^(?:by|before|until|till|due|deadline|no later than|in time for|ahead of|latest)\b/i;
const LEADING_CUE = /^(?:on|by|before|until|till|at)\s+/i;
const BARE_PERIOD = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$|^Q[1-4]$/i;
const BARE_DURATION =
  /^(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:sec|min|hour|hr|day|week|month|year)[a-z]*$/i;

interface Candidate extends Deadline {
  /** Where the cut starts, cue word included, and ends, for removing it from the objective. */
  start: number;
  end: number;
  /** 2 for "by"/"before"-like cues, 1 for "on"/"in"-like ones, 0 for none. */
  cueStrength: number;
}

function readCandidates(text: string, reference: DateReference): Candidate[] {
  const results = reader.parse(
    text,
    { instant: reference.now, timezone: reference.timezone },
    { forwardDate: true },
  );
  // Slack keeps "today" (noon, when it is already evening) without accepting "yesterday".
  const notBefore = new Date(reference.now.getTime() - 12 * 3600 * 1000);
  return results.flatMap((result) => {
    // chrono may take the cue ("on Monday") or a trailing comma into its match; keep the date alone.
    const lead = LEADING_CUE.exec(result.text)?.[0] ?? "";
    const words = result.text.slice(lead.length).replace(/[\s,.;:!?]+$/, "");
    const index = result.index + lead.length;
    const end = index + words.length;
    const cue = CUE_BEFORE.exec(text.slice(Math.max(0, index - 30), index));
    const date = result.start.date();
    const isPlausible =
      !/^(?:right )?now$/i.test(words) &&
      date >= notBefore &&
      !BARE_DURATION.test(words) &&
      !text.startsWith("'s", end) &&
      (cue !== null || !BARE_PERIOD.test(words));
    if (!isPlausible) return [];
    const day = [result.start.get("year"), result.start.get("month"), result.start.get("day")];
    return [
      {
        iso: date.toISOString(),
        day: day.map((part, i) => String(part).padStart(i === 0 ? 4 : 2, "0")).join("-"),
        text: words,
        start: index - (cue?.[0].length ?? 0),
        end,
        cueStrength: cue ? (STRONG_CUE.test(cue[0].trim()) ? 2 : 1) : 0,
      },
    ];
  });
}

/** The deadline a message gives: the first with the strongest cue ("by Friday" over "on Monday"). */
export function findDeadline(text: string, reference: DateReference): Deadline | null {
  const candidates = readCandidates(text, reference);
  const strongest = Math.max(...candidates.map((c) => c.cueStrength));
  const chosen = candidates.find((c) => c.cueStrength === strongest);
  return chosen ? { iso: chosen.iso, day: chosen.day, text: chosen.text } : null;
}

/** The text without its deadlines, so "Ship it by Friday" becomes the objective "Ship it". */
export function removeDeadlines(text: string, reference: DateReference): string {
  return readCandidates(text, reference)
    .reverse()
    .reduce((rest, c) => `${rest.slice(0, c.start)} ${rest.slice(c.end)}`, text)
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
