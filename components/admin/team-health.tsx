import type { TeamHealth } from "@/lib/teams/health";
import { LocalTime } from "../chat/local-time";

/** Reachable / unreachable, with the reason and since when; nothing for built-in managers. */
export function TeamHealthNote({ health }: { health: TeamHealth | null }) {
  if (!health) return <span className="text-xs text-zinc-600 dark:text-zinc-400">—</span>;
  return (
    <span
      className={
        health.reachable
          ? "text-xs text-emerald-700 dark:text-emerald-300"
          : "text-xs text-amber-800 dark:text-amber-200"
      }
      title={`Checked at ${health.checked_at}`}
    >
      {health.reachable ? "Reachable" : `Unreachable: ${health.reason ?? "no answer"}`} since{" "}
      <LocalTime iso={health.since} pattern="d MMM, HH:mm" />
    </span>
  );
}
