import { describe, expect, it } from "vitest";
import {
  aggregateTaskStatus,
  canTransition,
  dependencyState,
  isFinished,
  type SiblingSubtask,
  type TaskStatus,
} from "./status";

describe("aggregateTaskStatus", () => {
  const cases: [TaskStatus[], TaskStatus][] = [
    [[], "pending"],
    [["pending", "pending"], "pending"],
    [["dispatched", "dispatched"], "dispatched"],
    [["dispatched", "pending"], "in_progress"],
    [["in_progress", "pending"], "in_progress"],
    [["completed", "pending"], "in_progress"],
    [["completed", "dispatched"], "in_progress"],
    // A failure with work still open is not the end of the task.
    [["failed", "dispatched"], "in_progress"],
    [["failed", "pending"], "in_progress"],
    [["completed", "completed"], "completed"],
    [["completed", "failed"], "failed"],
    [["failed", "cancelled"], "failed"],
    [["completed", "cancelled"], "cancelled"],
    [["cancelled", "cancelled"], "cancelled"],
  ];
  it.each(cases)("%j → %s", (subtasks, expected) => {
    expect(aggregateTaskStatus(subtasks)).toBe(expected);
  });
});

describe("canTransition", () => {
  it("follows the lifecycle and never leaves a finished status", () => {
    expect(canTransition("pending", "dispatched")).toBe(true);
    expect(canTransition("dispatched", "completed")).toBe(true);
    expect(canTransition("in_progress", "pending")).toBe(true); // a failed attempt, retried
    for (const finished of ["completed", "failed", "cancelled"] as const) {
      expect(isFinished(finished)).toBe(true);
      for (const to of [
        "pending",
        "dispatched",
        "in_progress",
        "completed",
        "failed",
        "cancelled",
      ] as const) {
        expect(canTransition(finished, to)).toBe(false);
      }
    }
    expect(isFinished("dispatched")).toBe(false);
  });
});

describe("dependencyState", () => {
  const sibling = (
    planSubtaskId: string,
    status: TaskStatus,
    error: string | null = null,
  ): SiblingSubtask => ({ planSubtaskId, title: `Step ${planSubtaskId}`, status, error });

  it("is ready without dependencies or when all completed", () => {
    expect(dependencyState([], [])).toEqual({ kind: "ready" });
    expect(
      dependencyState(["a", "b"], [sibling("a", "completed"), sibling("b", "completed")]),
    ).toEqual({ kind: "ready" });
  });

  it("waits on dependencies still open, including ones accepted but not done", () => {
    expect(
      dependencyState(["a", "b"], [sibling("a", "completed"), sibling("b", "dispatched")]),
    ).toEqual({ kind: "waiting", on: ["b"] });
    expect(dependencyState(["a"], [sibling("a", "pending")])).toEqual({
      kind: "waiting",
      on: ["a"],
    });
  });

  it("is blocked by a failed or cancelled dependency, naming it and its reason", () => {
    const failed = dependencyState(["a"], [sibling("a", "failed", "team server down")]);
    expect(failed).toEqual({
      kind: "blocked",
      reason: 'It depends on "Step a", which failed: team server down',
    });
    expect(dependencyState(["a"], [sibling("a", "cancelled")])).toMatchObject({
      kind: "blocked",
      reason: expect.stringContaining("cancelled"),
    });
    expect(dependencyState(["zz"], [sibling("a", "completed")])).toMatchObject({
      kind: "blocked",
      reason: expect.stringContaining('"zz"'),
    });
  });
});
