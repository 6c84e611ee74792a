// What the health checker last saw of each team reached over the network (product.md §3: a
// chat-enabled team that cannot be reached shows a degraded badge with the reason).
import "server-only";
import type { Db } from "../db/client";
import { publishChange } from "../events/bus";

/** The `health` column of a team listing joined with cc_team_health as h; NULL when never checked. */
export function healthColumn(sql: Db, { withUrl }: { withUrl: boolean }) {
  return sql`CASE WHEN h.team_id IS NULL THEN NULL ELSE json_build_object(${withUrl ? sql`'url', h.url,` : sql``}
    'reachable', h.reachable, 'reason', h.reason, 'since', h.since, 'checked_at', h.checked_at) END AS health`;
}

/** Stores one check; announces the team when what users see changes (reachability, URL or reason). */
export async function recordTeamHealth(
  sql: Db,
  team: { id: string; name: string },
  check: { url: string; reachable: boolean; reason: string | null; capabilities?: unknown },
): Promise<{ changed: boolean }> {
  const [row] = await sql<{ changed: boolean }[]>`
    WITH previous AS (SELECT reachable, url, reason FROM cc_team_health WHERE team_id = ${team.id})
    INSERT INTO cc_team_health AS h (team_id, url, reachable, reason, since, checked_at, capabilities)
    VALUES (${team.id}, ${check.url}, ${check.reachable}, ${check.reason}, now(), now(), ${check.capabilities === undefined ? null : sql.json(check.capabilities as never)})
    ON CONFLICT (team_id) DO UPDATE SET
      url = EXCLUDED.url, reachable = EXCLUDED.reachable, reason = EXCLUDED.reason, checked_at = now(),
      capabilities = coalesce(EXCLUDED.capabilities, h.capabilities),
      since = CASE WHEN h.reachable = EXCLUDED.reachable AND h.url = EXCLUDED.url THEN h.since ELSE now() END
    RETURNING NOT EXISTS (SELECT 1 FROM previous p WHERE p.reachable = ${check.reachable} AND p.url = ${check.url} AND p.reason IS NOT DISTINCT FROM ${check.reason}::text) AS changed`;
  const changed = row?.changed ?? false;
  if (changed) await publishChange(sql, { type: "team_changed", team: team.name });
  return { changed };
}

/** Forgets teams no longer reached over the network (now built-in, or removed from the config). */
export async function forgetTeamHealth(sql: Db, keepTeamIds: string[]): Promise<void> {
  await sql`DELETE FROM cc_team_health WHERE ${keepTeamIds.length ? sql`team_id NOT IN ${sql(keepTeamIds)}` : sql`true`}`;
}
