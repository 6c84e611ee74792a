// What admins change about a team: its chat switch, place in the organisation, status, chat
// policy and how its manager is reached. Every change is validated, audited with before and
// after, and announced on the change bus so open pages and chat sockets follow at once.
import "server-only";
import { recordAudit } from "../audit/record";
import type { Db, Sql, TransactionSql } from "../db/client";
import type { Actor } from "../audit/record";
import { AppError, describeIssues } from "../errors";
import { publishChange } from "../events/bus";
import { writeToProjectFirst } from "../supabase/hooks";
import { healthColumn } from "./health";
import { storedChatConfigSchema, teamHealthSchema, type TeamHealth } from "./schemas";
import {
  teamSettingsPatchSchema,
  type TeamSettings,
  type TeamSettingsPatch,
} from "./settings-schemas";

const settingsColumns = (sql: Db) => sql`
  t.id::text, t.name, t.display_name, coalesce(t.enable_chat_interface, false) AS enable_chat_interface,
  coalesce(t.is_top_level, false) AS is_top_level, coalesce(t.status, 'active') AS status,
  coalesce(t.chat_config, '{}'::jsonb) AS chat_config,
  json_build_object('kind', coalesce(m.kind, 'builtin'), 'url', m.url) AS manager`;

function toSettings(row: Record<string, unknown>): TeamSettings {
  return {
    ...(row as unknown as TeamSettings),
    chat_config: storedChatConfigSchema.parse(row.chat_config),
  };
}

async function selectSettings(sql: Db, slug: string, lock: boolean): Promise<TeamSettings> {
  const [row] = await sql`
    SELECT ${settingsColumns(sql)}
    FROM teams t LEFT JOIN cc_team_managers m ON m.team_id = t.id
    WHERE t.name = ${slug}
    ${lock ? sql`FOR UPDATE OF t` : sql``}`;
  if (!row) throw new AppError("not_found", `There is no team called ${slug}.`, "team_not_found");
  return toSettings(row);
}

/** Every team's settings with what the health checker last saw, for the admin page and the CLI. */
export async function listTeamSettings(
  sql: Sql,
): Promise<(TeamSettings & { health: TeamHealth | null })[]> {
  const rows = await sql`
    SELECT ${settingsColumns(sql)}, ${healthColumn(sql, { withUrl: true })}
    FROM teams t LEFT JOIN cc_team_managers m ON m.team_id = t.id LEFT JOIN cc_team_health h ON h.team_id = t.id
    ORDER BY t.display_name, t.name`;
  return rows.map((row) => ({
    ...toSettings(row),
    health: teamHealthSchema.nullable().parse(row.health ?? null),
  }));
}

export function getTeamSettings(sql: Sql, slug: string): Promise<TeamSettings> {
  return selectSettings(sql, slug, false);
}

/** Only what differs, as { key: { before, after } }. */
function diff(
  before: TeamSettings,
  after: TeamSettings,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of [
    "enable_chat_interface",
    "is_top_level",
    "status",
    "chat_config",
    "manager",
  ] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}

function auditAction(changes: Record<string, unknown>, after: TeamSettings): string {
  const keys = Object.keys(changes);
  if (keys.length === 1 && keys[0] === "enable_chat_interface")
    return after.enable_chat_interface ? "chat_enabled" : "chat_disabled";
  return "settings_updated";
}

type SettingsOutcome = { before: TeamSettings; after: TeamSettings; changed: boolean };

function parsePatch(input: TeamSettingsPatch): TeamSettingsPatch {
  const parsed = teamSettingsPatchSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      "bad_request",
      `Invalid settings: ${describeIssues(parsed.error, { whole: "settings" })}.`,
    );
  }
  return parsed.data;
}

/** One team's change inside the caller's transaction; the caller announces it once committed. */
async function applyTeamSettings(
  tx: TransactionSql,
  slug: string,
  patch: TeamSettingsPatch,
  actor: Actor,
): Promise<SettingsOutcome> {
  const before = await selectSettings(tx, slug, true);
  // Only the given chat_config keys change; keys ELF added that we do not know are kept.
  await tx`
    UPDATE teams SET
      enable_chat_interface = coalesce(${patch.enable_chat_interface ?? null}::boolean, enable_chat_interface),
      is_top_level = coalesce(${patch.is_top_level ?? null}::boolean, is_top_level),
      status = coalesce(${patch.status ?? null}::text, status),
      chat_config = coalesce(chat_config, '{}'::jsonb) || ${tx.json((patch.chat_config ?? {}) as never)}::jsonb
    WHERE id = ${before.id}`;
  if (patch.manager) {
    const url = patch.manager.kind === "builtin" ? null : patch.manager.url.replace(/\/+$/, "");
    await tx`
      INSERT INTO cc_team_managers (team_id, kind, url) VALUES (${before.id}, ${patch.manager.kind}, ${url})
      ON CONFLICT (team_id) DO UPDATE SET kind = EXCLUDED.kind, url = EXCLUDED.url, updated_at = now()`;
  }
  const after = await selectSettings(tx, slug, false);
  const changes = diff(before, after);
  if (Object.keys(changes).length === 0) return { before, after, changed: false };
  await recordAudit(tx, {
    teamId: before.id,
    action: auditAction(changes, after),
    description: `Changed ${Object.keys(changes).join(", ")} of ${before.name}`,
    performedBy: actor.email,
    details: { changes },
  });
  return { before, after, changed: true };
}

export async function updateTeamSettings(
  sql: Sql,
  slug: string,
  input: TeamSettingsPatch,
  actor: Actor,
): Promise<SettingsOutcome> {
  const patch = parsePatch(input);
  await writeToProjectFirst(sql, [slug], patch);
  // Announced in the transaction: the teams row's own trigger sends the same notification, and
  // PostgreSQL delivers identical ones of a transaction once.
  return sql.begin(async (tx) => {
    const outcome = await applyTeamSettings(tx, slug, patch, actor);
    if (outcome.changed) await publishChange(tx, { type: "team_changed", team: slug });
    return outcome;
  });
}

/**
 * Turns chat on or off for these teams (or every top-level team) in one transaction: all of them
 * change or none does. Teams already so are left alone.
 */
export async function setChatEnabled(
  sql: Sql,
  target: { teams: string[] } | { allTopLevel: true },
  enabled: boolean,
  actor: Actor,
): Promise<{ team: string; changed: boolean }[]> {
  await writeToProjectFirst(
    sql,
    "teams" in target
      ? target.teams
      : (await sql<{ name: string }[]>`SELECT name FROM teams WHERE is_top_level`).map(
          (r) => r.name,
        ),
    { enable_chat_interface: enabled },
  );
  const results = await sql.begin(async (tx) => {
    const slugs =
      "teams" in target
        ? target.teams
        : (
            await tx<{ name: string }[]>`SELECT name FROM teams WHERE is_top_level ORDER BY name`
          ).map((row) => row.name);
    if (slugs.length === 0) return [];
    // Locked in one order, so two of these over overlapping teams cannot deadlock.
    const known = new Set(
      (
        await tx<
          { name: string }[]
        >`SELECT name FROM teams WHERE name IN ${tx(slugs)} ORDER BY name FOR UPDATE`
      ).map((row) => row.name),
    );
    const unknown = slugs.filter((slug) => !known.has(slug));
    if (unknown.length > 0)
      throw new AppError(
        "not_found",
        `There is no team called ${unknown.join(", ")}; nothing was changed.`,
        "team_not_found",
      );
    const changes: { team: string; changed: boolean }[] = [];
    for (const slug of slugs) {
      const { changed } = await applyTeamSettings(
        tx,
        slug,
        { enable_chat_interface: enabled },
        actor,
      );
      changes.push({ team: slug, changed });
      // In the transaction, as updateTeamSettings does: one notification with the trigger's.
      if (changed) await publishChange(tx, { type: "team_changed", team: slug });
    }
    return changes;
  });
  return results;
}
