// `teams set <slug> key=value…` → a team settings patch. Only the syntax is handled here (types
// of values, the comma list, the manager shorthand); what is allowed is teamSettingsPatchSchema's.
import { AppError, describeIssues } from "@/lib/errors";
import {
  chatConfigInputSchema,
  teamSettingsPatchSchema,
  type TeamSettingsPatch,
} from "@/lib/teams/settings-schemas";

const CHAT_CONFIG_PREFIX = "chat_config.";

/** Every key `teams set` accepts, derived from the schema. */
export const SETTING_KEYS = [
  ...Object.keys(teamSettingsPatchSchema.shape).filter((key) => key !== "chat_config"),
  ...Object.keys(chatConfigInputSchema.shape).map((key) => CHAT_CONFIG_PREFIX + key),
];

const MANAGER_SYNTAX = "manager is builtin, elf:<url> or a2a:<url>";

/** true/false and numbers become JSON values; anything else stays text for the schema to judge. */
function parseScalar(raw: string): unknown {
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function parseManager(raw: string): unknown {
  if (raw === "builtin") return { kind: "builtin" };
  const match = /^(elf|a2a):(.+)$/.exec(raw);
  if (!match) throw new AppError("bad_request", `"${raw}" is not a manager: ${MANAGER_SYNTAX}.`);
  return { kind: match[1], url: match[2] };
}

function parseValue(key: string, raw: string): unknown {
  if (key === "manager") return parseManager(raw);
  if (key === `${CHAT_CONFIG_PREFIX}allowed_roles`)
    return raw === "" ? [] : raw.split(",").map((role) => role.trim());
  return parseScalar(raw);
}

export function settingsPatchFromAssignments(assignments: string[]): TeamSettingsPatch {
  const patch: Record<string, unknown> = {};
  const chatConfig: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const assignment of assignments) {
    const equals = assignment.indexOf("=");
    if (equals <= 0) throw new AppError("bad_request", `"${assignment}" is not key=value.`);
    const key = assignment.slice(0, equals).trim();
    const raw = assignment.slice(equals + 1).trim();
    if (!SETTING_KEYS.includes(key)) {
      throw new AppError(
        "bad_request",
        `Unknown setting "${key}". Settings: ${SETTING_KEYS.join(", ")}.`,
      );
    }
    if (seen.has(key)) throw new AppError("bad_request", `${key} is given twice.`);
    seen.add(key);
    if (key.startsWith(CHAT_CONFIG_PREFIX))
      chatConfig[key.slice(CHAT_CONFIG_PREFIX.length)] = parseValue(key, raw);
    else patch[key] = parseValue(key, raw);
  }
  if (Object.keys(chatConfig).length > 0) patch.chat_config = chatConfig;
  const parsed = teamSettingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new AppError(
      "bad_request",
      describeIssues(parsed.error, { whole: "settings", separator: "\n" }),
    );
  }
  return parsed.data;
}
