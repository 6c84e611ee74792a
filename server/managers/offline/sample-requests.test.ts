// The planner's reading of realistic requests, case by case: a change in the rules that misreads
// one of them shows up here by name.
import { describe, expect, it } from "vitest";
import { describeWork, extractPlan } from "./plan-state";
import { routeWork } from "./routing";
import { SAMPLE_NOW, SAMPLE_REQUESTS, SAMPLE_TIMEZONE } from "@/test/fixtures/sample-requests";

describe.each(SAMPLE_REQUESTS)("$name", ({ text, team, expected }) => {
  const plan = extractPlan([text], SAMPLE_NOW, SAMPLE_TIMEZONE);

  it("reads the objective, priority and deadline", () => {
    expect(plan.objective).toBe(expected.objective);
    expect(plan.priority).toBe(expected.priority);
    if (expected.deadline === null) return expect(plan.deadline).toBeNull();
    expect(plan.deadline).toMatchObject({
      day: expected.deadline.day,
      text: expected.deadline.text,
    });
    if (expected.deadline.iso) expect(plan.deadline?.iso).toBe(expected.deadline.iso);
  });

  it("reads the constraints and success criteria", () => {
    expect(plan.constraints).toEqual(expected.constraints);
    expect(plan.success_criteria).toEqual(expected.criteria);
  });

  it("routes to the teams below the manager that fit, best first", () => {
    expect(routeWork(describeWork(plan), team().subteams).map((m) => m.team.name)).toEqual(
      expected.teams,
    );
  });
});
