// `cc teams check`: asks each team's ELF team server, through the one ELF client
// (server/elf/client.ts), what the health checker and the relay would: GET /health, /status and
// /capabilities. Prints one line per team, and exits 1 when one does not answer as ELF does.
import type { Command } from "commander";
import { AppError } from "@/lib/errors";
import { resolveTeamServerUrl } from "@/lib/teams/queries";
import { listTeamSettings } from "@/lib/teams/settings";
import { ElfRequestError, getCapabilities, getHealth, getStatus } from "../elf/client";
import { withCliContext } from "./context";
import { printJson, printLine } from "./output";

interface Check {
  team: string;
  url: string;
  reachable: boolean;
  /** What went wrong, as the ELF client says it; null when every call answered. */
  reason: string | null;
  status?: string;
  active_tasks?: number | null;
  agents?: string[];
}

async function checkTeamServer(team: string, url: string, timeoutMs: number): Promise<Check> {
  try {
    const health = await getHealth(url, { timeoutMs });
    const status = await getStatus(url, { timeoutMs });
    const capabilities = await getCapabilities(url, { timeoutMs });
    return {
      team,
      url,
      reachable: true,
      reason: null,
      status: health.status,
      active_tasks: status.active_tasks ?? null,
      agents: capabilities.agents.map((agent) => agent.role),
    };
  } catch (error) {
    if (!(error instanceof ElfRequestError)) throw error;
    return { team, url, reachable: false, reason: `${error.kind}: ${error.message}` };
  }
}

function checkTeams(slugs: string[], options: { json?: boolean; timeout: string }) {
  const timeoutMs = Number(options.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new AppError("bad_request", "--timeout is a number of seconds, e.g. 5.");
  return withCliContext(async ({ sql, env }) => {
    const teams = await listTeamSettings(sql);
    const unknown = slugs.filter((slug) => !teams.some((team) => team.name === slug));
    if (unknown.length > 0)
      throw new AppError("not_found", `No such team: ${unknown.join(", ")} (see \`teams list\`).`);
    const chosen = slugs.length > 0 ? teams.filter((team) => slugs.includes(team.name)) : teams;
    const checks: Check[] = [];
    for (const team of chosen) {
      const url = await resolveTeamServerUrl(sql, env.TEAM_SERVER_URLS, team);
      if (url) checks.push(await checkTeamServer(team.name, url, timeoutMs));
      else if (slugs.length > 0) printLine(`${team.name}: no ELF team server, nothing to check`);
    }
    if (options.json) printJson(checks);
    else if (checks.length === 0 && slugs.length === 0)
      printLine("No team is served by an ELF team server (TEAM_SERVER_URLS or manager=elf:<url>).");
    else
      for (const check of checks)
        printLine(
          check.reachable
            ? `${check.team}: ${check.url} answers (${check.status}; ${check.active_tasks ?? "?"} active tasks; agents: ${check.agents!.join(", ") || "none"})`
            : `${check.team}: ${check.url} does not answer as an ELF team server: ${check.reason}`,
        );
    if (checks.some((check) => !check.reachable)) process.exitCode = 1;
  });
}

export function registerTeamServerCommands(teams: Command): void {
  teams
    .command("check")
    .description(
      "ask the ELF team servers of the named teams (default: all) for /health, /status and /capabilities",
    )
    .argument("[slugs...]", "team slugs")
    .option("--json", "print JSON instead of one line per team")
    .option("--timeout <seconds>", "how long each call may take", "5")
    .action(checkTeams);
}
