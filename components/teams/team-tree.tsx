import type { TeamNode } from "@/lib/teams/schemas";
import { ChatSwitch } from "../admin/chat-switch";
import type { UpdateTeamSettings } from "../admin/types";
import { AwaitingMark } from "./awaiting-mark";
import { ChatBadge } from "./chat-badge";
import { StatusPill } from "./status-pill";

function TreeItem({
  node,
  update,
  awaiting,
}: {
  node: TeamNode;
  update?: UpdateTeamSettings;
  awaiting?: ReadonlySet<string>;
}) {
  const { team } = node;
  return (
    <li data-team={team.name} aria-label={team.display_name}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-3 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-900">
        <span className="font-medium">{team.display_name}</span>
        <code className="text-xs text-zinc-600 dark:text-zinc-400">{team.name}</code>
        <StatusPill status={team.status} />
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          {team.manager?.role ?? "No manager"} · {team.member_count}{" "}
          {team.member_count === 1 ? "member" : "members"}
        </span>
        <ChatBadge team={team} />
        {awaiting?.has(team.name) && <AwaitingMark teamName={team.display_name} />}
        {update && (
          <span className="ml-auto">
            <ChatSwitch
              team={team.name}
              label={team.display_name}
              enabled={team.enable_chat_interface}
              isTopLevel={team.is_top_level}
              update={update}
            />
          </span>
        )}
      </div>
      {node.children.length > 0 && (
        <ul className="ml-5 border-l border-zinc-200 pl-3 dark:border-zinc-800">
          {node.children.map((child) => (
            <TreeItem key={child.team.id} node={child} update={update} awaiting={awaiting} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** With `update` (admins only), each team gets its chat switch at the row's end, under a header. */
export function TeamTree({
  roots,
  update,
  awaiting,
}: {
  roots: TeamNode[];
  update?: UpdateTeamSettings;
  /** Teams where a plan awaits the signed-in user: marked "Awaiting you". */
  awaiting?: ReadonlySet<string>;
}) {
  return (
    <>
      {update && (
        <p
          aria-hidden
          className="flex justify-end border-b border-zinc-200 px-3 pb-1 text-xs font-medium text-zinc-600 uppercase dark:border-zinc-800 dark:text-zinc-400"
        >
          Chat switch
        </p>
      )}
      <ul aria-label="Organisation" className="space-y-1">
        {roots.map((node) => (
          <TreeItem key={node.team.id} node={node} update={update} awaiting={awaiting} />
        ))}
      </ul>
    </>
  );
}
