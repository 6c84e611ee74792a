// How one message is filed: the misfilings of issue 14 (a success criterion read as a constraint,
// a greeting read as the work) and the cases next to them that must not change.
import { describe, expect, it } from "vitest";
import { SAMPLE_NOW, SAMPLE_TIMEZONE } from "@/test/fixtures/sample-requests";
import { readTurn } from "./read-turn";

const reference = { now: SAMPLE_NOW, timezone: SAMPLE_TIMEZONE };

describe("readTurn filing", () => {
  it("files a clause that says it is about success as a success criterion, limit or not", () => {
    const reading = readTurn("Success means a monthly bill under $40k", reference);
    expect(reading.criteria).toEqual(["Success means a monthly bill under $40k"]);
    expect(reading.constraints).toEqual([]);
    expect(readTurn("We're done when the bill is below $40k", reference).criteria).toHaveLength(1);
  });

  it("still files a plain limit as a constraint", () => {
    const reading = readTurn("Keep costs under $40k a month", reference);
    expect(reading.constraints).toEqual(["Keep costs under $40k a month"]);
    expect(reading.criteria).toEqual([]);
  });

  it("reads a greeting with a few words as small talk, not the work", () => {
    expect(readTurn("hello while offline", reference).requests).toEqual([]);
    expect(readTurn("testing the chat", reference).requests).toEqual([]);
    // A greeting before the request is manners; the request stays.
    expect(
      readTurn("Hello, plan the launch of our analytics dashboard", reference).requests,
    ).toEqual(["Plan the launch of our analytics dashboard"]);
    expect(readTurn("Hi, go ahead", reference).isGoAhead).toBe(true);
  });
});
