import { describe, expect, it } from "vitest";
import { settingsPatchFromAssignments } from "./settings-args";

describe("teams set key=value parsing", () => {
  it("turns assignments into a typed patch, nesting chat_config keys", () => {
    expect(
      settingsPatchFromAssignments([
        "is_top_level=true",
        "status=inactive",
        "chat_config.allowed_roles=admin, viewer",
        "chat_config.max_messages_per_session=40",
        "manager=elf:http://team.example:8000/",
      ]),
    ).toEqual({
      is_top_level: true,
      status: "inactive",
      chat_config: { allowed_roles: ["admin", "viewer"], max_messages_per_session: 40 },
      manager: { kind: "elf", url: "http://team.example:8000/" },
    });
    expect(settingsPatchFromAssignments(["manager=builtin"])).toEqual({
      manager: { kind: "builtin" },
    });
  });

  it.each([
    [
      ["colour=blue"],
      /Unknown setting "colour"\. Settings: .*chat_config\.require_user_confirmation/,
    ],
    [["status"], /"status" is not key=value/],
    [["status=active", "status=inactive"], /status is given twice/],
    [["manager=http://x"], /manager is builtin, elf:<url> or a2a:<url>/],
    [["manager=a2a:ftp://x"], /manager\.url: Give an http:\/\/ or https:\/\/ URL/],
    [["status=retired"], /status: .*"active"\|"inactive"\|"archived"/],
    [["chat_config.allowed_roles=admin,owner"], /chat_config\.allowed_roles\.1:/],
    [["chat_config.max_messages_per_session=0"], /chat_config\.max_messages_per_session: .*>=1/],
    [["enable_chat_interface=yes"], /enable_chat_interface: .*boolean/],
  ])("refuses %j with the schema's message", (assignments, message) => {
    expect(() => settingsPatchFromAssignments(assignments)).toThrow(message);
  });
});
