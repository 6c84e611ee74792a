import { describe, expect, it } from "vitest";
import { localDay } from "./clock";
import { readDeadline } from "./deadline";

// Wednesday 2 December 2026, 20:30 UTC: already Thursday 3 December in Auckland (UTC+13).
const now = new Date("2026-12-02T20:30:00Z");
const auckland = { now, timeZone: "Pacific/Auckland" };
const paris = { now, timeZone: "Europe/Paris" };

describe("readDeadline", () => {
  it("keeps an ISO date-time with an offset as it is", () => {
    expect(readDeadline("2026-12-11T17:00:00+01:00", paris)).toBe("2026-12-11T17:00:00+01:00");
  });

  it("reads the person's words against today in the organisation's zone", () => {
    // In Auckland it is Thursday, so "Friday" is tomorrow; in Paris it is Wednesday evening.
    expect(readDeadline("by Friday", auckland)).toBe("2026-12-04T17:00:00+13:00");
    expect(readDeadline("Friday", paris)).toBe("2026-12-04T17:00:00+01:00");
    expect(readDeadline("end of next week", paris)).toBe("2026-12-11T17:00:00+01:00");
  });

  it("gives a bare day or a local time the offset in force on that day", () => {
    expect(readDeadline("2026-12-11", paris)).toBe("2026-12-11T17:00:00+01:00");
    expect(readDeadline("2027-07-01T09:30", paris)).toBe("2027-07-01T09:30:00+02:00");
  });

  it("leaves what it cannot read for the plan's own check to refuse", () => {
    expect(readDeadline("whenever suits", paris)).toBe("whenever suits");
    expect(readDeadline(42, paris)).toBe(42);
    expect(readDeadline("  ", paris)).toBeNull();
  });
});

describe("localDay", () => {
  it("names today, the time and the offset as the organisation sees them", () => {
    expect(localDay(auckland)).toEqual({
      date: "2026-12-03",
      long: "Thursday 3 December 2026",
      time: "09:30",
      offset: "+13:00",
      offsetMinutes: 780,
    });
    expect(localDay({ now, timeZone: "UTC" }).offset).toBe("+00:00");
  });
});
