// The conversation rules: one missing thing asked at a time, in order, and a declined question
// never asked again.
import { describe, expect, it } from "vitest";
import type { ChatTurn } from "../types";
import { composeReply } from "./compose-reply";
import { planState, type PlanState } from "./plan-state";
import { readTurn } from "./read-turn";
import { SAMPLE_NOW, SAMPLE_TIMEZONE, loadSampleProfile } from "@/test/fixtures/sample-requests";

const team = loadSampleProfile("executive-team");

/** Plays the user's messages against the planner; returns the state and reply after each one. */
function converse(...messages: string[]): Array<{ state: PlanState; reply: string }> {
  const history: ChatTurn[] = [{ role: "assistant", content: "greeting" }];
  return messages.map((content) => {
    history.push({ role: "user", content });
    const state = planState(history, SAMPLE_NOW, SAMPLE_TIMEZONE);
    // The whole plan in the reply is what a team without the plan card gets.
    const reply = composeReply(state, { ...team, delegation_preview: false });
    history.push({ role: "assistant", content: reply });
    return { state, reply };
  });
}

const asked = (steps: Array<{ state: PlanState }>) => steps.map((s) => s.state.nextQuestion);

describe("planState", () => {
  it("asks for the objective, then the deadline, then success criteria, one at a time", () => {
    const steps = converse(
      "Hello!",
      "We need a pricing proposal for the Acme deal",
      "no deadline",
      "skip",
    );
    expect(asked(steps)).toEqual(["objective", "deadline", "success_criteria", null]);
    expect(steps[1]?.reply).toMatch(/When does it need to be done\?/);
    expect(steps[1]?.reply).not.toMatch(/How will we know/);
    expect(steps[3]?.state).toMatchObject({
      ready: true,
      declined: ["deadline", "success_criteria"],
      missing: [],
    });
    expect(steps[3]?.reply).toContain("**Proposed teams**");
  });

  it("moves on after an answer that gives no date, instead of asking for the deadline again", () => {
    const steps = converse("Prepare the Q3 budget forecast", "when the board has met, I guess");
    expect(asked(steps)).toEqual(["deadline", "success_criteria"]);
    expect(steps[1]?.state.declined).toEqual(["deadline"]);
  });

  it("never asks the same question twice in a row about the deadline or success criteria", () => {
    for (const answers of [
      ["not sure", "no idea"],
      ["skip", "pass"],
      ["hmm", "dunno"],
      ["whenever", "n/a"],
    ]) {
      const questions = asked(converse("Refresh the onboarding blog posts", ...answers));
      questions.forEach(
        (question, i) => i > 0 && question && expect(question).not.toBe(questions[i - 1]),
      );
    }
  });

  it("takes an answer to the success question as a criterion, cue word or not", () => {
    const [, , last] = converse(
      "Refresh the onboarding blog posts",
      "no deadline",
      "fewer support questions about onboarding",
    );
    expect(last?.state).toMatchObject({
      ready: true,
      success_criteria: ["Fewer support questions about onboarding"],
    });
  });

  it("drafts the plan at once when the first message has an objective and a deadline", () => {
    const [first] = converse("Prepare the Q3 budget forecast by April 2");
    expect(first?.state).toMatchObject({
      ready: true,
      objective: "Prepare the Q3 budget forecast",
      missing: ["success_criteria"],
    });
    expect(first?.reply).toMatch(/^\*\*Draft plan for Executive Leadership Team\*\*/);
  });

  it("drafts the plan when the user says to go ahead, but not without an objective", () => {
    expect(converse("go ahead")[0]?.state).toMatchObject({
      ready: false,
      nextQuestion: "objective",
    });
    const steps = converse("Prepare the Q3 budget forecast", "that's all, draft the plan");
    expect(steps[1]?.state).toMatchObject({ ready: true, goAhead: true, deadline: null });
    expect(steps[1]?.reply).toContain("- **Deadline:** Not given");
  });

  it("lets a later message move the deadline and add constraints", () => {
    const steps = converse(
      "Prepare the Q3 budget forecast by April 2",
      "Actually make it next Monday, and don't include the APAC region",
    );
    expect(steps[1]?.state.deadline).toMatchObject({ day: "2026-03-16", text: "next Monday" });
    expect(steps[1]?.state.constraints).toEqual(["Don't include the APAC region"]);
  });

  it("says so when a message changes nothing, instead of repeating the plan", () => {
    const steps = converse("Prepare the Q3 budget forecast by April 2", "thanks!");
    expect(steps[1]?.state.lastTurnChanged).toBe(false);
    expect(steps[1]?.reply).toMatch(/^Nothing in the draft plan changed/);
  });

  it("depends on the history alone", () => {
    const history: ChatTurn[] = [{ role: "user", content: "Launch the spring campaign by May 1" }];
    expect(planState(history, SAMPLE_NOW, SAMPLE_TIMEZONE)).toEqual(
      planState(history, SAMPLE_NOW, SAMPLE_TIMEZONE),
    );
  });
});

describe("readTurn", () => {
  const reference = { now: SAMPLE_NOW, timezone: SAMPLE_TIMEZONE };

  it.each([
    ["This is a blocker for the release", "urgent"],
    ["we need it asap", "urgent"],
    ["It's critical", "urgent"],
    ["This is important", "high"],
    ["high priority please", "high"],
    ["not urgent at all", "low"],
    ["low priority", "low"],
    ["whenever you have time", "low"],
    ["no rush", "low"],
    ["Write the release notes", null],
  ])("reads the priority of %j as %s", (text, priority) => {
    expect(readTurn(text, reference).priority).toBe(priority);
  });

  it("hears a decline in so many words, whatever was asked", () => {
    expect(readTurn("There's no deadline and no specific targets", reference).declines).toEqual([
      "deadline",
      "success_criteria",
    ]);
  });
});

describe("composeReply beside the plan card", () => {
  function converseWithCard(...messages: string[]): string[] {
    const history: ChatTurn[] = [{ role: "assistant", content: "greeting" }];
    return messages.map((content) => {
      history.push({ role: "user", content });
      const reply = composeReply(planState(history, SAMPLE_NOW, SAMPLE_TIMEZONE), team);
      history.push({ role: "assistant", content: reply });
      return reply;
    });
  }

  it("introduces the plan once instead of writing it out, and says a revision is one", () => {
    const [drafted, revised, unchanged] = converseWithCard(
      "Prepare the Q3 budget forecast by April 2",
      "At least 3 scenarios",
      "thanks",
    );
    expect(drafted).toMatch(/^I've drafted a plan/);
    expect(drafted).toContain("nothing is sent to any team until you confirm");
    // None of the plan's own fields: they are on the card.
    expect(drafted).not.toContain("**Objective:**");
    expect(drafted).not.toContain("Prepare the Q3 budget forecast");
    expect(revised).toMatch(/^I've revised the plan/);
    expect(revised).not.toContain("At least 3 scenarios");
    expect(unchanged).toMatch(/^Nothing in the plan changed/);
  });
});
