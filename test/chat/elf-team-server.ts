// The chat's view of an ELF team server: a separate process running `npm run team-server`'s code
// for executive-team, trusting the Control Center's chat-token key, and a harness it serves.
import { inject } from "vitest";
import { startTeamServer, type ServerProcess } from "@/test/elf/support";
import { TEST_SECRETS } from "@/test/support/app-process";
import { startChatHarness } from "@/test/support/chat-harness";

export function startExecutiveTeamServer(
  options: { port?: number; secret?: string } = {},
): Promise<ServerProcess> {
  return startTeamServer({
    team: "executive-team",
    port: options.port,
    env: { JWT_SECRET_KEY: options.secret ?? TEST_SECRETS.JWT_SECRET_KEY },
  });
}

/** A chat harness whose executive team is served by `teamServer`. */
export function startChatHarnessServedBy(teamServer: ServerProcess) {
  return startChatHarness(inject("pgAdminUrl"), {
    env: { TEAM_SERVER_URLS: `executive-team=${teamServer.url}` },
  });
}
