// A superseded plan version collapses to what changed: each field named once, lists counted,
// subtasks added, removed, reassigned or edited.
import { describe, expect, it } from "vitest";
import { planChanges } from "@/components/chat/preview/plan-changes";
import { testDraft } from "@/test/fixtures/plan-draft";

describe("planChanges", () => {
  it("names nothing when nothing changed", () => {
    expect(planChanges(testDraft(), testDraft())).toEqual([]);
  });

  it("names each changed field, counts list changes and follows subtasks by id", () => {
    const before = testDraft();
    const [first, second] = before.subtasks;
    const after = testDraft({
      priority: "urgent",
      success_criteria: [...before.success_criteria, "At least 500 sign-ups"],
      constraints: [],
      subtasks: [
        { ...first!, team: "operations-team" },
        { ...second!, id: "new", title: "Write the launch post" },
      ],
    });
    const changes = planChanges(before, after);
    expect(changes).toContain("Priority: high → urgent");
    expect(changes).toContain("Success criteria: 1 added");
    expect(changes).toContain(`“${first!.title}” now goes to operations-team`);
    expect(changes).toContain("Subtask added: “Write the launch post”");
    expect(changes).toContain(`Subtask removed: “${second!.title}”`);
    expect(changes).toContain("Constraints: 1 removed");
    expect(changes).not.toContain("Objective");
  });
});
