// The offline planner's plan as a delegation-preview draft: valid by the protocol's schema, routed
// to the teams that fit with the reason why, and offered on the reply exactly when it is ready.
import { describe, expect, it } from "vitest";
import type { PlanDraft } from "@/lib/protocol/delegation";
import type { SubteamProfile, TeamProfile } from "@/lib/teams/profile";
import type { ChatTurn, ManagerEvent } from "../types";
import { draftFromPlanState } from "./delegation-draft";
import { createOfflineManager } from "./index";
import { planState } from "./plan-state";
import {
  SAMPLE_NOW,
  SAMPLE_REQUESTS,
  SAMPLE_TIMEZONE,
  loadSampleProfile,
  type SampleRequest,
} from "@/test/fixtures/sample-requests";

const executive = loadSampleProfile("executive-team");

function stateOf(...messages: string[]) {
  const history: ChatTurn[] = messages.flatMap((content) => [
    { role: "assistant" as const, content: "question" },
    { role: "user" as const, content },
  ]);
  return planState(history, SAMPLE_NOW, SAMPLE_TIMEZONE);
}

function draftOf(team: TeamProfile, ...messages: string[]): PlanDraft {
  const draft = draftFromPlanState(stateOf(...messages), team, { now: SAMPLE_NOW });
  if (!draft) throw new Error(`no draft for ${JSON.stringify(messages)}`);
  return draft;
}

const requests = SAMPLE_REQUESTS.filter((r) => r.expected.objective !== null);

describe.each(requests)("draft for: $name", (sample: SampleRequest) => {
  const team = sample.team();
  // "Go ahead" makes every sample ready, whatever it left unsaid.
  const draft = draftOf(team, sample.text, "go ahead");
  const expectedTeams = sample.expected.teams.length ? sample.expected.teams : [team.name];

  it("is a valid plan draft that carries the request as read", () => {
    expect(draft).toMatchObject({
      objective: sample.expected.objective,
      priority: sample.expected.priority,
      success_criteria: sample.expected.criteria,
      constraints: sample.expected.constraints,
      key_decisions: {},
    });
    expect(draft.deadline?.slice(0, 10) ?? null).toBe(sample.expected.deadline?.day ?? null);
    expect(draft.requirements.map((r) => r.description)).toEqual([
      ...sample.expected.criteria,
      ...sample.expected.constraints,
    ]);
    expect(draft.title.length).toBeLessThanOrEqual(80);
    expect(draft.chat_summary).toContain(`"${sample.expected.objective}"`);
  });

  it("gives one subtask per fitting team, best first, with ids s1, s2, …", () => {
    expect(draft.subtasks.map((s) => s.team)).toEqual(expectedTeams);
    expect(draft.subtasks.map((s) => s.id)).toEqual(expectedTeams.map((_, i) => `s${i + 1}`));
    expect(draft.suggested_teams).toEqual(expectedTeams);
  });

  it("says why each team was chosen, or plainly that no team below fits", () => {
    for (const subtask of draft.subtasks) {
      if (sample.expected.teams.length) {
        const name = team.subteams.find((t) => t.name === subtask.team)?.display_name;
        expect(subtask.rationale).toMatch(new RegExp(`^${name} fits this work: its `));
      } else {
        expect(subtask.rationale).toMatch(
          /^(No team below .* fits this work|.* has no active teams below it)/,
        );
      }
    }
  });

  it("puts the objective, deadline, criteria and constraints in the instructions", () => {
    for (const subtask of draft.subtasks) {
      expect(subtask.instructions).toContain(`Objective: ${sample.expected.objective}`);
      expect(subtask.instructions).toContain(`Priority: `);
      if (sample.expected.deadline)
        expect(subtask.instructions).toContain(`("${sample.expected.deadline.text}")`);
    }
    // With one team, all of them are its own.
    if (draft.subtasks.length === 1) {
      for (const item of [...sample.expected.criteria, ...sample.expected.constraints])
        expect(draft.subtasks[0]?.instructions).toContain(`- ${item}`);
    }
  });

  it("is deterministic and rates its confidence between 0 and 1", () => {
    expect(draftOf(team, sample.text, "go ahead")).toEqual(draft);
    expect(draft.confidence_level).toBeGreaterThan(0);
    expect(draft.confidence_level).toBeLessThanOrEqual(1);
  });
});

describe("draftFromPlanState", () => {
  it("returns null until the plan is ready", () => {
    const notReady = [
      stateOf("Hi there, can you help me?"),
      stateOf("We need a pricing proposal for the Acme deal"),
      planState([], SAMPLE_NOW, SAMPLE_TIMEZONE),
    ];
    for (const state of notReady) {
      expect(state.ready).toBe(false);
      expect(draftFromPlanState(state, executive, { now: SAMPLE_NOW })).toBeNull();
    }
  });

  it("names what matched each team in its rationale and lists the matched skills", () => {
    const draft = draftOf(
      executive,
      "Build a landing page for the launch and post about it on LinkedIn by next Friday. This is urgent.",
    );
    expect(draft.subtasks.map((s) => [s.team, s.rationale])).toEqual([
      [
        "social-media-team",
        "Social Media fits this work: its members' skills and responsibilities include linkedin; its purpose mentions posts.",
      ],
      [
        "marketing-team",
        "Marketing fits this work: its members' skills and responsibilities include launch.",
      ],
    ]);
    expect(draft.subtasks[0]?.title).toMatch(/^Social Media: Build a landing page/);
    expect(draft.subtasks[0]?.instructions).toContain("Your part: the work on linkedin, posts.");
    expect(draft.subtasks[0]?.instructions).toContain(
      "Working alongside: Marketing (marketing-team).",
    );
    expect(draft.required_skills).toEqual(["linkedin", "launch"]);
    expect(draft).toMatchObject({ priority: "urgent", deadline: "2026-03-20T12:00:00.000Z" });
    // Nothing in the request orders the two parts, so neither waits for the other.
    expect(draft.subtasks.map((s) => s.depends_on)).toEqual([[], []]);
  });

  it("keeps work no team below fits with the manager's team, and says which teams it checked", () => {
    const [subtask, ...rest] = draftOf(
      executive,
      "Have a lawyer review our employment contracts for GDPR compliance by the end of June.",
    ).subtasks;
    expect(rest).toEqual([]);
    expect(subtask).toMatchObject({ id: "s1", team: "executive-team", depends_on: [] });
    expect(subtask?.rationale).toBe(
      "No team below Executive Leadership Team fits this work: none of Engineering, Marketing, Operations, Finance, Product, Quality Assurance, Sales, Social Media shares its words, so it stays with Executive Leadership Team and its Chief Executive Officer.",
    );
    expect(subtask?.instructions).toContain("Your part: all of it, as no team below fits.");
  });

  it("names the members who fit when the work stays with the manager's team", () => {
    const draft = draftOf(
      loadSampleProfile("engineering-team"),
      "Migrate the user database to Postgres 16 over the weekend.",
    );
    expect(draft.subtasks[0]?.rationale).toContain("the Backend Developer (database) fits it best");
    expect(draft.required_skills).toEqual(["database"]);
  });

  it("makes a team wait for another only when the user put the steps in order", () => {
    const draft = draftOf(
      executive,
      "Write the launch announcement for the blog, then post it on LinkedIn by Friday.",
    );
    const byTeam = Object.fromEntries(draft.subtasks.map((s) => [s.team, s]));
    expect(byTeam["social-media-team"]?.depends_on).toEqual([byTeam["marketing-team"]?.id]);
    expect(byTeam["marketing-team"]?.depends_on).toEqual([]);
  });

  it("gives a constraint that names one team's work to that team only; the rest to all", () => {
    const draft = draftOf(
      executive,
      "Reduce cloud costs — should result in at least $10k saved per month; don't downgrade production databases.",
      "go ahead",
    );
    const [engineering, finance] = draft.subtasks;
    expect([engineering?.team, finance?.team]).toEqual(["engineering-team", "finance-team"]);
    expect(engineering?.instructions).toContain("- Don't downgrade production databases");
    expect(finance?.instructions).not.toContain("Don't downgrade production databases");
    for (const subtask of [engineering, finance])
      expect(subtask?.instructions).toContain("- Should result in at least $10k saved per month");
    // The plan itself keeps everything the user said.
    expect(draft.constraints).toEqual(["Don't downgrade production databases"]);
  });

  it("carries an estimate only when the user gave one, and splits it across no teams", () => {
    const single = draftOf(
      executive,
      "Refresh the onboarding blog posts by Friday. It should take 12 hours.",
    );
    expect(single.estimated_hours).toBe(12);
    expect(single.subtasks.map((s) => s.estimated_hours)).toEqual([12]);
    const shared = draftOf(
      executive,
      "Write the launch announcement for the blog, then post it on LinkedIn by Friday. Estimated effort: 6 hours.",
    );
    expect(shared.estimated_hours).toBe(6);
    expect(shared.subtasks.map((s) => s.estimated_hours)).toEqual([null, null]);
    expect(
      draftOf(executive, "Refresh the onboarding blog posts by Friday.").estimated_hours,
    ).toBeNull();
  });

  it.each([
    // Everything known and a strong match: (3/3 + min(1, 7/6)) / 2.
    [
      "Ship the iOS and Android app update with the new onboarding flow within 3 weeks. Done when it's approved in both app stores.",
      "engineering-team",
      1,
    ],
    // Deadline only, one skill and one purpose word: (2/3 + 3/6) / 2.
    ["Post about the launch on LinkedIn by next Friday.", "executive-team", 0.58],
    // Nothing but the objective, and no team below fits: (1/3 + 0.3) / 2.
    ["Not urgent: draft a hiring plan for next year's headcount.", "executive-team", 0.32],
    // A deadline, and no team below to route to at all: (2/3 + 1) / 2.
    ["Please send the March invoices to all clients by Friday.", "finance-team", 0.83],
  ])(
    "rates confidence from what is known and how well routing fits: %s",
    (text, slug, expected) => {
      expect(draftOf(loadSampleProfile(slug), text, "go ahead").confidence_level).toBe(expected);
    },
  );

  it("counts a deadline the user ruled out as half known", () => {
    const draft = draftOf(
      executive,
      "Refresh the blog posts about onboarding",
      "no deadline",
      "skip",
    );
    // (1 + ½ + ½) / 3 for the fields, 2/6 for routing on "blog".
    expect(draft.confidence_level).toBe(0.5);
    expect(draft.subtasks[0]?.instructions).toContain("Deadline: none, as the user said");
  });

  it("summarises the request in the user's terms without adding to it", () => {
    const draft = draftOf(
      executive,
      "We need the Q3 budget forecast before the board meeting on April 2. Must not exceed the current headcount plan. Success means the forecast is within 5% of actuals.",
    );
    expect(draft.chat_summary).toBe(
      'The user asked Executive Leadership Team to plan: "We need the Q3 budget forecast before the board meeting". They gave a deadline of 2026-04-02 ("April 2"), 1 success criterion and 1 constraint.',
    );
  });

  it("proposes at most five teams, the strongest fits", () => {
    const subteam = (n: number): SubteamProfile => ({
      name: `launch-${n}-team`,
      display_name: `Launch ${n}`,
      purpose: "Runs launches.",
      status: "active",
      manager_role: null,
      skills: n <= 2 ? ["launch", "press release"] : ["launch"],
    });
    const team = { ...executive, subteams: [7, 6, 5, 4, 3, 2, 1].map(subteam) };
    const draft = draftOf(team, "Prepare the press release for the launch by Friday.");
    expect(draft.subtasks).toHaveLength(5);
    expect(draft.subtasks.slice(0, 2).map((s) => s.team)).toEqual([
      "launch-2-team",
      "launch-1-team",
    ]);
  });

  it("dates the days left from `now`, and only from it", () => {
    const state = stateOf("Send the March invoices to all clients by Friday.");
    const finance = loadSampleProfile("finance-team");
    const at = (iso: string) => draftFromPlanState(state, finance, { now: new Date(iso) });
    expect(at("2026-03-11T09:00:00Z")?.subtasks[0]?.instructions).toContain(
      "2 days after this plan was drafted",
    );
    expect(at("2026-03-12T13:00:00Z")?.subtasks[0]?.instructions).toContain(
      "1 day after this plan was drafted",
    );
    expect(at("2026-03-11T09:00:00Z")).toEqual(at("2026-03-11T09:00:00Z"));
  });
});

describe("the offline manager's reply", () => {
  async function doneOf(slug: string, messages: string[]) {
    const connection = await createOfflineManager({
      now: () => SAMPLE_NOW,
      timezone: SAMPLE_TIMEZONE,
    }).open({
      team: loadSampleProfile(slug),
      user: { id: "user-1", role: "user" },
      sessionId: "s",
    });
    const history: ChatTurn[] = messages.flatMap((content) => [
      { role: "assistant" as const, content: "question" },
      { role: "user" as const, content },
    ]);
    let done: Extract<ManagerEvent, { type: "done" }> | undefined;
    for await (const event of connection.reply(history, new AbortController().signal))
      if (event.type === "done") done = event;
    return { done, state: planState(history, SAMPLE_NOW, SAMPLE_TIMEZONE) };
  }

  it.each([
    [["Hi there, can you help me?"], false],
    [["We need a pricing proposal for the Acme deal"], false],
    [["We need a pricing proposal for the Acme deal", "by Friday"], true],
    [
      ["Have a lawyer review our employment contracts for GDPR compliance by the end of June."],
      true,
    ],
    [["Refresh the blog posts about onboarding", "go ahead"], true],
  ])("carries the draft exactly when the plan is ready: %j", async (messages, ready) => {
    const { done, state } = await doneOf("executive-team", messages);
    expect(done?.metadata).toMatchObject({ planner: "offline", plan: { ready } });
    if (!ready) return expect(done).not.toHaveProperty("draft");
    const draft = done?.type === "done" ? done.draft : undefined;
    expect(draft).toEqual(draftFromPlanState(state, executive, { now: SAMPLE_NOW }));
  });
});
