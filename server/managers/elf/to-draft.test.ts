// ELF's DelegationSpec as the delegation-preview draft: every spec a team server may send becomes
// a valid plan or a clear refusal, never a half-valid one.
import { describe, expect, it } from "vitest";
import { delegationSpecSchema, type DelegationSpec } from "./frames";
import { draftFromElfSpec } from "./to-draft";

/** What an ELF executive team server sends once a conversation is ready to delegate. */
const FULL_SPEC = delegationSpecSchema.parse({
  title: "Spring product launch campaign",
  description:
    "Plan and run the campaign for the spring launch: landing page, launch posts and a press release.",
  requirements: [
    {
      description: "Landing page live before launch day",
      confidence: 0.9,
      category: "deliverable",
    },
    {
      description: "Three LinkedIn posts in launch week",
      confidence: 0.8,
      category: "deliverable",
    },
  ],
  priority: "high",
  estimated_hours: 40,
  deadline: "2026-04-15T17:00:00+02:00",
  source: "chat_interface",
  session_id: "5b0c6a3e-3f4e-4a51-9e4e-2f1f9d7b8a10",
  user_id: "user-1",
  chat_summary:
    "The user wants a spring launch campaign with a landing page and LinkedIn posts by mid-April.",
  confidence_level: 0.85,
  suggested_teams: ["marketing-team", "social-media-team"],
  required_skills: ["copywriting", "social media"],
  key_decisions: {
    channel_owner: "Social media owns LinkedIn",
    budget: "Use the Q2 marketing budget",
  },
  constraints: ["No paid ads"],
  success_criteria: ["500 sign-ups in launch week"],
  created_at: "2026-03-11T09:00:00",
  updated_at: "2026-03-11T09:00:00",
});

function messy(raw: Record<string, unknown>): DelegationSpec {
  // Specs as a careless server might send them, past what the frame schema would let through.
  return raw as unknown as DelegationSpec;
}

describe("draftFromElfSpec", () => {
  it("maps a full spec: one subtask per suggested team, everything else carried over", () => {
    const draft = draftFromElfSpec(FULL_SPEC, "executive-team");
    expect(draft).toMatchObject({
      title: "Spring product launch campaign",
      description: FULL_SPEC.description,
      objective: FULL_SPEC.description,
      priority: "high",
      deadline: "2026-04-15T17:00:00+02:00",
      estimated_hours: 40,
      success_criteria: ["500 sign-ups in launch week"],
      constraints: ["No paid ads"],
      requirements: FULL_SPEC.requirements,
      suggested_teams: ["marketing-team", "social-media-team"],
      required_skills: ["copywriting", "social media"],
      key_decisions: FULL_SPEC.key_decisions,
      confidence_level: 0.85,
      chat_summary: FULL_SPEC.chat_summary,
    });
    expect(draft.subtasks.map((s) => [s.id, s.team, s.depends_on, s.estimated_hours])).toEqual([
      ["s1", "marketing-team", [], null],
      ["s2", "social-media-team", [], null],
    ]);
    const [marketing, social] = draft.subtasks;
    expect(marketing?.title).toBe("marketing-team: Spring product launch campaign");
    expect(marketing?.instructions).toContain(FULL_SPEC.description);
    expect(marketing?.instructions).toContain("- Three LinkedIn posts in launch week");
    expect(marketing?.instructions).toContain("Success criteria:\n- 500 sign-ups in launch week");
    expect(marketing?.instructions).toContain("Constraints:\n- No paid ads");
    // A key decision is a hint for the team it names.
    expect(marketing?.rationale).toBe(
      "Suggested by the team's manager (executive-team). Skills the plan needs: copywriting, social media. Key decision: budget: Use the Q2 marketing budget.",
    );
    expect(social?.rationale).toBe(
      "Suggested by the team's manager (executive-team). Skills the plan needs: copywriting, social media. Key decision: channel_owner: Social media owns LinkedIn.",
    );
  });

  it("maps a minimal spec to one subtask for the proposing team", () => {
    const draft = draftFromElfSpec(
      delegationSpecSchema.parse({ title: "Q2 brand refresh" }),
      "marketing-team",
    );
    expect(draft).toEqual({
      title: "Q2 brand refresh",
      description: "",
      objective: "Q2 brand refresh",
      priority: "normal",
      deadline: null,
      estimated_hours: null,
      success_criteria: [],
      constraints: [],
      requirements: [],
      subtasks: [
        {
          id: "s1",
          title: "marketing-team: Q2 brand refresh",
          instructions: "Q2 brand refresh",
          team: "marketing-team",
          rationale:
            "The team's manager suggested no other team, so the work stays with marketing-team.",
          depends_on: [],
          estimated_hours: null,
        },
      ],
      suggested_teams: ["marketing-team"],
      required_skills: [],
      key_decisions: {},
      confidence_level: null,
      chat_summary: "",
    });
  });

  it("gives a single team the whole estimate", () => {
    const spec = delegationSpecSchema.parse({
      title: "Audit",
      estimated_hours: 6,
      suggested_teams: ["qa-team"],
    });
    expect(draftFromElfSpec(spec, "engineering-team").subtasks[0]?.estimated_hours).toBe(6);
  });

  it("tidies a messy spec instead of refusing it", () => {
    const draft = draftFromElfSpec(
      messy({
        title: "   ",
        description: "Refresh the onboarding emails\nand the welcome page copy.",
        priority: "critical",
        estimated_hours: -3,
        deadline: "next Friday",
        confidence_level: 85,
        suggested_teams: ["Marketing Team", "marketing_team", "", 42, "Social Media"],
        requirements: [
          { description: "" },
          "loose text",
          { description: "  Keep the tone  ", confidence: 150 },
        ],
        success_criteria: ["Open rate above 40%", "", null, "Open rate above 40%"],
        constraints: null,
        required_skills: undefined,
        key_decisions: ["not", "a", "record"],
        chat_summary: 17,
      }),
      "executive-team",
    );
    expect(draft).toMatchObject({
      title: "Refresh the onboarding emails",
      objective: "Refresh the onboarding emails\nand the welcome page copy.",
      priority: "normal",
      deadline: null,
      estimated_hours: null,
      confidence_level: 0.85,
      suggested_teams: ["marketing-team", "social-media"],
      requirements: [{ description: "loose text" }, { description: "Keep the tone" }],
      success_criteria: ["Open rate above 40%"],
      constraints: [],
      required_skills: [],
      key_decisions: {},
      chat_summary: "",
    });
  });

  it.each([
    ["2026-04-15T17:00:00+02:00", "2026-04-15T17:00:00+02:00"],
    ["2026-04-15T17:00:00Z", "2026-04-15T17:00:00Z"],
    // ELF's Python servers write naive UTC timestamps.
    ["2026-04-15T17:00:00.123456", "2026-04-15T17:00:00.123Z"],
    ["2026-04-15", "2026-04-15T12:00:00.000Z"],
    ["2026-02-30", null],
    ["next Friday", null],
    ["", null],
    [null, null],
  ])("reads the deadline %j as %j", (deadline, expected) => {
    const spec = delegationSpecSchema.parse({ title: "Launch", deadline });
    expect(draftFromElfSpec(spec, "marketing-team").deadline).toBe(expected);
  });

  it("cuts over-long text to what the plan can hold", () => {
    const long = `${"word ".repeat(200)}end`;
    const draft = draftFromElfSpec(
      delegationSpecSchema.parse({
        title: long,
        constraints: [long],
        suggested_teams: ["qa-team"],
      }),
      "engineering-team",
    );
    expect(draft.title.length).toBeLessThanOrEqual(300);
    expect(draft.title.endsWith("…")).toBe(true);
    expect(draft.subtasks[0]?.title.length).toBeLessThanOrEqual(300);
  });

  it("is deterministic", () => {
    expect(draftFromElfSpec(FULL_SPEC, "executive-team")).toEqual(
      draftFromElfSpec(FULL_SPEC, "executive-team"),
    );
  });

  it.each([
    [
      "no title and no description",
      messy({ title: "", description: "  " }),
      "executive-team",
      /neither a title nor a description/,
    ],
    ["no title at all", messy({}), "executive-team", /neither a title nor a description/],
    [
      "no team to give it to",
      delegationSpecSchema.parse({ title: "Launch" }),
      "",
      /not a valid plan/,
    ],
  ])("refuses a spec with %s, saying why", (_name, spec, fromTeam, message) => {
    expect(() => draftFromElfSpec(spec, fromTeam)).toThrow(message);
  });

  it("keeps a proposing team's registry name that is not a slug, and takes names with pattern characters", () => {
    const draft = draftFromElfSpec(
      delegationSpecSchema.parse({ ...FULL_SPEC, suggested_teams: [] }),
      "C++ Guild (EU)",
    );
    expect(draft.subtasks.map((subtask) => subtask.team)).toEqual(["C++ Guild (EU)"]);
  });
});
