import type { Team } from "@/lib/teams/schemas";
import { ChatSwitch } from "../admin/chat-switch";
import type { UpdateTeamSettings } from "../admin/types";
import { DataTable } from "../ui/data-table";
import { ChatBadge } from "./chat-badge";
import { StatusPill } from "./status-pill";

const COLUMNS = ["Team", "Slug", "Department", "Status", "Manager", "Members", "Framework", "Chat"];

/** With `update` (admins only), the chat column also has the team's chat switch. */
export function TeamTable({ teams, update }: { teams: Team[]; update?: UpdateTeamSettings }) {
  return (
    <DataTable caption="All teams" columns={COLUMNS}>
      <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {teams.map((team) => (
          <tr key={team.id} data-team={team.name}>
            <th scope="row" className="px-3 py-2 font-medium">
              {team.display_name}
            </th>
            <td className="px-3 py-2">
              <code className="text-xs">{team.name}</code>
            </td>
            <td className="px-3 py-2">{team.department}</td>
            <td className="px-3 py-2">
              <StatusPill status={team.status} />
            </td>
            <td className="px-3 py-2">{team.manager?.role ?? "—"}</td>
            <td className="px-3 py-2 tabular-nums">{team.member_count}</td>
            <td className="px-3 py-2">{team.framework ?? "—"}</td>
            <td className="px-3 py-2">
              <span className="flex items-center gap-2">
                <ChatBadge team={team} />
                {update && (
                  <ChatSwitch
                    team={team.name}
                    label={team.display_name}
                    enabled={team.enable_chat_interface}
                    update={update}
                  />
                )}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
