// `cc teams …`: list teams, switch chat on or off, change a team's settings. The rules, the audit
// and the change-bus announcement are the settings service's, exactly as for a change in the app.
import type { Command } from "commander";
import { AppError } from "@/lib/errors";
import { listTeamSettings, setChatEnabled, updateTeamSettings } from "@/lib/teams/settings";
import type { TeamSettings } from "@/lib/teams/settings-schemas";
import { withCliContext } from "./context";
import { printJson, printLine, printTable } from "./output";
import { SETTING_KEYS, settingsPatchFromAssignments } from "./settings-args";
import { registerTeamServerCommands } from "./team-servers";

const managerOf = (team: TeamSettings) =>
  team.manager.url ? `${team.manager.kind} ${team.manager.url}` : team.manager.kind;

function listTeams(options: { json?: boolean }) {
  return withCliContext(async ({ sql }) => {
    const teams = await listTeamSettings(sql);
    if (options.json) {
      printJson(teams.map(({ id: _id, name, ...rest }) => ({ slug: name, ...rest })));
      return;
    }
    printTable(
      ["SLUG", "DISPLAY NAME", "TOP LEVEL", "STATUS", "CHAT", "MANAGER"],
      teams.map((team) => [
        team.name,
        team.display_name,
        team.is_top_level ? "yes" : "no",
        team.status,
        team.enable_chat_interface ? "on" : "off",
        managerOf(team),
      ]),
    );
  });
}

function switchChat(enabled: boolean) {
  return (slugs: string[], options: { allTopLevel?: boolean }) => {
    if (options.allTopLevel && slugs.length > 0)
      throw new AppError("bad_request", "Name teams or use --all-top-level, not both.");
    if (!options.allTopLevel && slugs.length === 0)
      throw new AppError("bad_request", "Name at least one team (see `teams list`).");
    const target = options.allTopLevel ? ({ allTopLevel: true } as const) : { teams: slugs };
    return withCliContext(async ({ sql, actor }) => {
      const results = await setChatEnabled(sql, target, enabled, actor);
      const state = enabled ? "enabled" : "disabled";
      for (const { team, changed } of results)
        printLine(changed ? `${team}: chat ${state}` : `${team}: chat was already ${state}`);
    });
  };
}

/** What differs, with chat_config key by key, for the person who ran the command. */
function changedSettings(before: TeamSettings, after: TeamSettings) {
  const flatten = (settings: TeamSettings): Record<string, unknown> => {
    const { chat_config: chatConfig, enable_chat_interface, is_top_level, status } = settings;
    const flat: Record<string, unknown> = {
      enable_chat_interface,
      is_top_level,
      status,
      manager: managerOf(settings),
    };
    for (const [key, value] of Object.entries(chatConfig)) flat[`chat_config.${key}`] = value;
    return flat;
  };
  const [was, now] = [flatten(before), flatten(after)];
  return Object.keys(now)
    .map((key) => ({ key, was: JSON.stringify(was[key]), now: JSON.stringify(now[key]) }))
    .filter((change) => change.was !== change.now);
}

function setSettings(slug: string, assignments: string[]) {
  const patch = settingsPatchFromAssignments(assignments);
  return withCliContext(async ({ sql, actor }) => {
    const { before, after, changed } = await updateTeamSettings(sql, slug, patch, actor);
    if (!changed) {
      printLine(`${slug}: nothing changed (already so)`);
      return;
    }
    for (const { key, was, now } of changedSettings(before, after))
      printLine(`${slug}: ${key} ${was} → ${now}`);
  });
}

export function registerTeamCommands(program: Command): void {
  const teams = program
    .command("teams")
    .description("list teams and change their chat and settings");
  teams
    .command("list")
    .description("every team: slug, display name, top level, status, chat on/off, manager")
    .option("--json", "print JSON (with chat_config and health) instead of a table")
    .action(listTeams);
  teams
    .command("enable-chat")
    .description("turn the chat interface on (badges appear on open /teams pages)")
    .argument("[slugs...]", "team slugs, e.g. general-team")
    .option("--all-top-level", "every top-level team")
    .action(switchChat(true));
  teams
    .command("disable-chat")
    .description("turn the chat interface off (open chat sessions of the team are ended)")
    .argument("[slugs...]", "team slugs")
    .option("--all-top-level", "every top-level team")
    .action(switchChat(false));
  teams
    .command("set")
    .description("change settings of one team")
    .argument("<slug>", "team slug")
    .argument("<key=value...>", "settings to change")
    .addHelpText(
      "after",
      `\nKeys: ${SETTING_KEYS.join(", ")}.\n` +
        "Values: true/false, numbers, text; chat_config.allowed_roles is a comma list (admin,user);\n" +
        "manager is builtin, elf:<url> (an ELF team server) or a2a:<url> (an A2A agent card).\n\n" +
        "Example: teams set marketing-team chat_config.max_messages_per_session=80 manager=elf:http://marketing-team-service",
    )
    .action(setSettings);
  registerTeamServerCommands(teams);
}
