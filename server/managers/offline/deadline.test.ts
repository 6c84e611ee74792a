import { describe, expect, it } from "vitest";
import { findDeadline, removeDeadlines } from "./deadline";
import { SAMPLE_NOW, SAMPLE_TIMEZONE } from "@/test/fixtures/sample-requests";

const reference = { now: SAMPLE_NOW, timezone: SAMPLE_TIMEZONE }; // Wednesday 11 March 2026, 09:00 UTC

describe("findDeadline", () => {
  it.each([
    ["Ship it by Friday", "2026-03-13", "Friday"],
    ["by next Friday", "2026-03-20", "next Friday"],
    ["We need it by EOD", "2026-03-11", "EOD"],
    ["before the end of the week", "2026-03-13", "the end of the week"],
    ["by end of next week", "2026-03-20", "end of next week"],
    ["by the end of the quarter", "2026-03-31", "the end of the quarter"],
    ["done by Q3", "2026-09-30", "Q3"],
    ["wrap it up in Q1", "2026-03-31", "Q1"],
    ["by end of Q2 2027", "2027-06-30", "end of Q2 2027"],
    ["by year-end", "2026-12-31", "year-end"],
    ["launch in May", "2026-05-01", "May"],
    ["no later than 4/15", "2026-04-15", "4/15"],
    ["in two weeks", "2026-03-25", "in two weeks"],
    ["today please", "2026-03-11", "today"],
  ])("reads %j as %s", (text, day, words) => {
    expect(findDeadline(text, reference)).toMatchObject({ day, text: words });
  });

  it.each([
    ["a past date", "I spoke to them yesterday about it"],
    ["'now', which is urgency", "I need this now"],
    ["a bare duration", "no more than 5 minutes of downtime"],
    ["a month naming the subject", "Plan the May newsletter"],
    ["a quarter naming the subject", "Prepare the Q3 budget forecast"],
    ["a possessive period", "Draft next year's headcount plan"],
  ])("ignores %s", (_, text) => {
    expect(findDeadline(text, reference)).toBeNull();
  });

  it("prefers a date with a deadline cue over an earlier date in passing", () => {
    expect(
      findDeadline("Send the Tuesday stand-up notes to the vendor by Friday", reference)?.text,
    ).toBe("Friday");
    expect(
      findDeadline("We launch on Monday, so the page must be ready before Friday", reference)?.text,
    ).toBe("Friday");
  });

  it("keeps a time of day when one is given", () => {
    expect(findDeadline("by 5pm tomorrow", reference)?.iso).toBe("2026-03-12T17:00:00.000Z");
  });
});

describe("removeDeadlines", () => {
  it("removes the date with the word that introduced it", () => {
    expect(removeDeadlines("Ship the release notes by next Friday, please", reference)).toBe(
      "Ship the release notes, please",
    );
    expect(removeDeadlines("Prepare the Q3 budget forecast", reference)).toBe(
      "Prepare the Q3 budget forecast",
    );
  });
});
