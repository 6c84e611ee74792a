// Without tool calls, the model says a plan is ready by ending its message with PLAN_READY. The
// marker is taken out of the streamed text before anyone sees it, even when it arrives split over
// several chunks: text that may be the start of the marker is held back until it is not.

export const PLAN_READY = "[PLAN READY]";

const MARKER = /\[\s*plan[\s_-]*ready\s*\]/i;
/** Longest text that can still grow into the marker (spacing varies). */
const MAX_HELD = 24;

export interface PlanMarkerFilter {
  /** The part of `text` (with what was held back) that is safe to show now. */
  push(text: string): string;
  /** What is still held back, at the end of the stream. */
  end(): string;
  readonly found: boolean;
}

export function createPlanMarkerFilter(): PlanMarkerFilter {
  let held = "";
  let found = false;
  const take = (text: string): string => {
    let out = text;
    for (let match = MARKER.exec(out); match; match = MARKER.exec(out)) {
      found = true;
      out = out.slice(0, match.index) + out.slice(match.index + match[0].length);
    }
    return out;
  };
  return {
    get found() {
      return found;
    },
    push(text) {
      const all = take(held + text);
      const open = all.lastIndexOf("[");
      const isPossibleStart =
        open !== -1 &&
        all.length - open <= MAX_HELD &&
        !all.includes("]", open) &&
        /^\[\s*(p(l(a(n([\s_-]*(r(e(a(dy?)?)?)?)?)?)?)?)?)?\s*$/i.test(all.slice(open));
      held = isPossibleStart ? all.slice(open) : "";
      return isPossibleStart ? all.slice(0, open) : all;
    },
    end() {
      const rest = take(held);
      held = "";
      return rest;
    },
  };
}
