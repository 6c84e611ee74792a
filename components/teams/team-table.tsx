import type { Team } from "@/lib/teams/schemas";
import { ChatSwitch } from "../admin/chat-switch";
import type { UpdateTeamSettings } from "../admin/types";
import { DataTable } from "../ui/data-table";
import { AwaitingMark } from "./awaiting-mark";
import { ChatBadge } from "./chat-badge";
import { StatusPill } from "./status-pill";

const COLUMNS = ["Team", "Slug", "Department", "Status", "Manager", "Members", "Framework", "Chat"];

/** With `update` (admins only), a last column holds each team's chat switch, always in one place. */
export function TeamTable({
  teams,
  update,
  awaiting,
}: {
  teams: Team[];
  update?: UpdateTeamSettings;
  /** Teams where a plan awaits the signed-in user: marked "Awaiting you". */
  awaiting?: ReadonlySet<string>;
}) {
  return (
    <DataTable caption="All teams" columns={update ? [...COLUMNS, "Chat switch"] : COLUMNS}>
      <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {teams.map((team) => (
          <tr key={team.id} data-team={team.name}>
            <th scope="row" className="px-3 py-2 font-medium">
              {team.display_name}
            </th>
            <td data-label="Slug" data-card-hide className="px-3 py-2">
              <code className="text-xs">{team.name}</code>
            </td>
            <td data-label="Department" className="px-3 py-2">
              {team.department}
            </td>
            <td data-label="Status" className="px-3 py-2">
              <StatusPill status={team.status} />
            </td>
            <td data-label="Manager" className="px-3 py-2">
              {team.manager?.role ?? "—"}
            </td>
            <td data-label="Members" data-card-hide className="px-3 py-2 tabular-nums">
              {team.member_count}
            </td>
            <td data-label="Framework" data-card-hide className="px-3 py-2">
              {team.framework ?? "—"}
            </td>
            <td data-label="Chat" className="px-3 py-2">
              <span className="inline-flex flex-wrap items-center gap-2">
                <ChatBadge team={team} />
                {awaiting?.has(team.name) && <AwaitingMark teamName={team.display_name} />}
              </span>
            </td>
            {update && (
              <td data-label="Chat switch" className="px-3 py-2">
                <ChatSwitch
                  team={team.name}
                  label={team.display_name}
                  enabled={team.enable_chat_interface}
                  isTopLevel={team.is_top_level}
                  update={update}
                />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
