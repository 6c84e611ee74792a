import { describe, expect, it } from "vitest";
import type { Role } from "../auth/roles";
import { chatConfigSchema, type TeamRow } from "./schemas";
import { buildTeamTree, chatUnavailableReason, toTeams } from "./service";

function row(name: string, overrides: Partial<TeamRow> = {}): TeamRow {
  return {
    id: name,
    name,
    display_name: name,
    department: "x",
    placement: null,
    purpose: null,
    framework: null,
    llm_provider: null,
    llm_model: null,
    status: "active",
    is_top_level: true,
    enable_chat_interface: true,
    chat_config: chatConfigSchema.parse({}),
    metadata: {},
    created_at: null,
    updated_at: null,
    manager: { id: "m", role: "Manager" },
    member_count: 1,
    member_roles: ["Manager"],
    parent: null,
    health: null,
    ...overrides,
  };
}

describe("chat badge rule (product.md §3)", () => {
  const cases: Array<[string, Partial<TeamRow>, Role, string | null]> = [
    ["eligible team, user", {}, "user", null],
    ["eligible team, admin", {}, "admin", null],
    ["eligible team, viewer not in default allowed_roles", {}, "viewer", "role_not_allowed"],
    ["not top level", { is_top_level: false }, "admin", "not_top_level"],
    ["chat disabled", { enable_chat_interface: false }, "admin", "chat_disabled"],
    ["inactive", { status: "inactive" }, "admin", "team_inactive"],
    ["archived", { status: "archived" }, "user", "team_inactive"],
    ["no manager", { manager: null }, "admin", "no_manager"],
    [
      "viewer allowed by policy",
      { chat_config: chatConfigSchema.parse({ allowed_roles: ["viewer"] }) },
      "viewer",
      null,
    ],
    [
      "admin left out by policy",
      { chat_config: chatConfigSchema.parse({ allowed_roles: ["user"] }) },
      "admin",
      "role_not_allowed",
    ],
  ];
  it.each(cases)("%s", (_label, overrides, role, expected) => {
    expect(chatUnavailableReason(row("t", overrides), role)).toBe(expected);
  });
});

describe("chat_config from the database", () => {
  it("fills ELF's defaults for missing keys and keeps unknown ones", () => {
    expect(chatConfigSchema.parse({ max_messages_per_session: 50, custom: 1 })).toEqual({
      allowed_roles: ["admin", "user"],
      max_session_duration_minutes: 60,
      max_messages_per_session: 50,
      enable_delegation_preview: true,
      context_window_messages: 20,
      require_user_confirmation: true,
      custom: 1,
    });
  });

  it("falls back to the default for a value of the wrong type", () => {
    expect(
      chatConfigSchema.parse({ allowed_roles: "admin", context_window_messages: -3 }),
    ).toMatchObject({
      allowed_roles: ["admin", "user"],
      context_window_messages: 20,
    });
  });
});

describe("team tree", () => {
  const rows = [
    row("executive-team", {
      member_roles: ["Chief Executive Officer", "Chief Technology Officer"],
    }),
    row("engineering-team", { parent: { type: "executive", name: "Chief Technology Officer" } }),
    row("frontend-team", { parent: { type: "team", name: "engineering-team" } }),
    row("product-team", { parent: { type: "executive", name: "Chief Product Officer" } }),
    row("orphan-team", { parent: { type: "executive", name: "Head of Nothing" } }),
    row("loop-a", { parent: { type: "team", name: "loop-b" } }),
    row("loop-b", { parent: { type: "team", name: "loop-a" } }),
  ];
  const teams = toTeams(rows, "user");
  const tree = buildTeamTree(teams);
  const slugs = (nodes: typeof tree) => nodes.map((n) => n.team.name);

  it("puts a team whose parent is an executive title under the team holding that title", () => {
    const exec = tree.find((n) => n.team.name === "executive-team")!;
    expect(slugs(exec.children)).toContain("engineering-team");
    const engineering = exec.children.find((n) => n.team.name === "engineering-team")!;
    expect(slugs(engineering.children)).toEqual(["frontend-team"]);
  });

  it("puts an unheld C-level title under the executive team", () => {
    expect(teams.find((t) => t.name === "product-team")!.parent).toEqual({
      type: "executive",
      name: "Chief Product Officer",
      team: "executive-team",
    });
  });

  it("leaves unresolvable parents and cycles at the root instead of losing or looping", () => {
    expect(slugs(tree)).toEqual(
      expect.arrayContaining(["executive-team", "orphan-team", "loop-a", "loop-b"]),
    );
    const count = (nodes: typeof tree): number =>
      nodes.reduce((n, node) => n + 1 + count(node.children), 0);
    expect(count(tree)).toBe(rows.length);
  });
});
