// ELF's frames as its Python team servers really write them: pydantic and dataclasses send null
// for every unset Optional field, floats where ints are meant, naive datetimes and extra keys.
import { describe, expect, it } from "vitest";
import { elfDateTimeToIso, elfTokenClaimsSchema, healthBodySchema, serverFrameSchema } from "./elf";

const pythonPreview = {
  type: "delegation_preview",
  delegation: {
    title: "Spring launch",
    description: "Landing page and posts",
    requirements: [
      { description: "A landing page", confidence: 0.8, category: null, source_message_id: null },
    ],
    priority: "high",
    estimated_hours: null,
    deadline: null,
    source: "chat_interface",
    session_id: null,
    user_id: null,
    chat_summary: null,
    confidence_level: 0.5,
    suggested_teams: [],
    required_skills: [],
    key_decisions: {},
    constraints: [],
    success_criteria: [],
    created_at: "2026-03-11T09:00:00.123456",
    updated_at: "2026-03-11T09:00:00.123456",
    added_in_a_later_elf: { anything: true },
  },
  requires_confirmation: true,
};

describe("the ELF contract", () => {
  it("reads a delegation_preview whose Optional fields are null", () => {
    const frame = serverFrameSchema.parse(pythonPreview);
    expect(frame).toMatchObject({
      type: "delegation_preview",
      delegation: { title: "Spring launch", chat_summary: null, estimated_hours: null },
    });
  });

  it("reads nulls where defaults apply, floats for counts, and unknown keys", () => {
    expect(
      serverFrameSchema.parse({
        type: "message",
        content: "Sure.",
        thinking_time: 1.25,
        ready_to_delegate: null,
        metadata: { message_count: 3.0, total_tokens: 28.0, model: "gpt-4" },
        extra: 1,
      }),
    ).toMatchObject({ content: "Sure.", metadata: { message_count: 3, total_tokens: 28 } });
    expect(
      serverFrameSchema.parse({
        type: "greeting",
        session_id: "s1",
        message: "Hello",
        manager: null,
        team: null,
      }),
    ).toMatchObject({ type: "greeting", session_id: "s1" });
    expect(
      serverFrameSchema.parse({
        type: "delegation_preview",
        delegation: { title: "T", description: null, requirements: null, suggested_teams: null },
        requires_confirmation: null,
      }),
    ).toMatchObject({
      delegation: { description: "", requirements: [], suggested_teams: [], priority: "normal" },
      requires_confirmation: true,
    });
  });

  it("reads ELF's health without chat_enabled, and ELF's token claims without role", () => {
    expect(
      healthBodySchema.parse({ status: "healthy", team_name: "x", agents: null }),
    ).toMatchObject({
      status: "healthy",
      agents: [],
    });
    expect(
      elfTokenClaimsSchema.parse({
        user_id: "u1",
        team_id: "executive-team",
        roles: ["admin"],
        type: "websocket_auth",
        iat: 1_700_000_000,
        exp: 1_700_003_600,
      }),
    ).toMatchObject({ roles: ["admin"] });
  });

  it.each([
    ["2026-03-11T09:00:00", "2026-03-11T09:00:00.000Z"],
    ["2026-03-11T09:00:00.123456", "2026-03-11T09:00:00.123Z"],
    ["2026-03-11T09:00:00+02:00", "2026-03-11T07:00:00.000Z"],
    ["2026-03-11T09:00:00Z", "2026-03-11T09:00:00.000Z"],
    ["soon", null],
    [null, null],
  ])("reads the datetime %j as %j", (value, iso) => {
    expect(elfDateTimeToIso(value)).toBe(iso);
  });
});
