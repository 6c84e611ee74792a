import type { TeamNode } from "@/lib/teams/schemas";
import { ChatBadge } from "./chat-badge";
import { StatusPill } from "./status-pill";

function TreeItem({ node }: { node: TeamNode }) {
  const { team } = node;
  return (
    <li data-team={team.name} aria-label={team.display_name}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-3 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-900">
        <span className="font-medium">{team.display_name}</span>
        <code className="text-xs text-zinc-500">{team.name}</code>
        <StatusPill status={team.status} />
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          {team.manager?.role ?? "No manager"} · {team.member_count} members
        </span>
        <ChatBadge team={team} />
      </div>
      {node.children.length > 0 && (
        <ul className="ml-5 border-l border-zinc-200 pl-3 dark:border-zinc-800">
          {node.children.map((child) => (
            <TreeItem key={child.team.id} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function TeamTree({ roots }: { roots: TeamNode[] }) {
  return (
    <ul aria-label="Organisation" className="space-y-1">
      {roots.map((node) => (
        <TreeItem key={node.team.id} node={node} />
      ))}
    </ul>
  );
}
