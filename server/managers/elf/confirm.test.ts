// The modifications sent with a confirmation are exactly what people changed, in ELF's fields.
import { describe, expect, it } from "vitest";
import { testDraft } from "@/test/fixtures/plan-draft";
import { elfModifications } from "./confirm";

describe("elfModifications", () => {
  it("is empty when the plan is confirmed as the manager proposed it", () => {
    expect(elfModifications(testDraft(), testDraft())).toEqual({});
  });

  it("names only the changed fields, with a reassigned subtask as ELF's suggested_teams", () => {
    const proposed = testDraft();
    const confirmed = testDraft({
      priority: "urgent",
      deadline: null,
      subtasks: proposed.subtasks.map((s) => (s.id === "s2" ? { ...s, team: "qa-team" } : s)),
    });
    expect(elfModifications(proposed, confirmed)).toEqual({
      priority: "urgent",
      deadline: null,
      suggested_teams: ["marketing-team", "qa-team"],
    });
  });

  it("sends nothing for edits ELF has no field for, such as a subtask's instructions", () => {
    const proposed = testDraft();
    const confirmed = testDraft({
      subtasks: proposed.subtasks.map((s) => ({
        ...s,
        instructions: `${s.instructions}, carefully`,
      })),
    });
    expect(elfModifications(proposed, confirmed)).toEqual({});
  });
});
