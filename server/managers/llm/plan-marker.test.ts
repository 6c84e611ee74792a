import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPlanMarkerFilter, PLAN_READY } from "./plan-marker";

/** Feeds `text` cut at `cuts` and returns what was shown and whether the marker was seen. */
function stream(text: string, cuts: number[]) {
  const filter = createPlanMarkerFilter();
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let shown = "";
  let from = 0;
  for (const at of [...points, text.length]) {
    shown += filter.push(text.slice(from, at));
    from = at;
  }
  return { shown: shown + filter.end(), found: filter.found };
}

const cuts = fc.array(fc.nat(200), { maxLength: 12 });

describe("plan marker filter", () => {
  it("shows text without the marker exactly as streamed, brackets included", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), cuts, (text, at) => {
        fc.pre(!/\[\s*plan[\s_-]*ready\s*\]/i.test(text));
        expect(stream(text, at)).toEqual({ shown: text, found: false });
      }),
    );
  });

  it("takes the marker out wherever the chunks split it", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), cuts, (text, at) => {
        fc.pre(!/\[/.test(text));
        expect(stream(`${text}\n\n${PLAN_READY}`, at)).toEqual({
          shown: `${text}\n\n`,
          found: true,
        });
      }),
    );
  });

  it("reads the marker however the model spaces or cases it", () => {
    expect(stream("Drafting it now. [plan_ready]", [20, 24])).toEqual({
      shown: "Drafting it now. ",
      found: true,
    });
    expect(stream("See [1] and [ Plan Ready ] done", [5, 13])).toEqual({
      shown: "See [1] and  done",
      found: true,
    });
  });
});
