// ELF re-sends its preview after every message: listeners hear a changed plan, and the same plan
// only when it comes from a new ELF session (a reconnect), since confirmations must go there.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { testDraft } from "@/test/fixtures/plan-draft";
import type { DelegationSpec } from "./frames";
import { PreviewTracker, type ElfPreview } from "./preview";

const spec = (title: string, updated_at = "2026-01-01T00:00:00Z") =>
  ({ title, updated_at }) as unknown as DelegationSpec;

describe("PreviewTracker", () => {
  it("tells listeners of new plans and of a new session, not of repeats", () => {
    const tracker = new PreviewTracker(pino({ level: "silent" }));
    const heard: Pick<ElfPreview, "session_id" | "version">[] = [];
    tracker.subscribe(({ session_id, version }) => heard.push({ session_id, version }));

    tracker.offer("a", spec("Launch"), testDraft(), true);
    tracker.offer("a", spec("Launch", "2026-01-02T00:00:00Z"), testDraft(), true); // re-sent, restamped
    tracker.offer("b", spec("Launch"), testDraft(), true); // after a reconnect
    tracker.offer("b", spec("Launch in May"), testDraft(), true);

    expect(heard).toEqual([
      { session_id: "a", version: 1 },
      { session_id: "b", version: 1 },
      { session_id: "b", version: 2 },
    ]);
  });
});
