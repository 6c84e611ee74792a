// Every team's admin settings in one query, for listings (the CLI's `teams list`).
import type { Sql } from "../db/client";
import { chatConfigSchema } from "./schemas";
import type { TeamSettings } from "./settings";

export async function listTeamSettings(sql: Sql): Promise<TeamSettings[]> {
  const rows = await sql<TeamSettings[]>`
    SELECT t.id::text, t.name, t.display_name, coalesce(t.enable_chat_interface, false) AS enable_chat_interface,
      coalesce(t.is_top_level, false) AS is_top_level, coalesce(t.status, 'active') AS status,
      coalesce(t.chat_config, '{}'::jsonb) AS chat_config,
      json_build_object('kind', coalesce(m.kind, 'builtin'), 'url', m.url) AS manager
    FROM teams t LEFT JOIN cc_team_managers m ON m.team_id = t.id
    ORDER BY t.name`;
  return rows.map((row) => {
    const config = row.chat_config && typeof row.chat_config === "object" && !Array.isArray(row.chat_config) ? row.chat_config : {};
    return { ...row, chat_config: chatConfigSchema.parse(config) };
  });
}
