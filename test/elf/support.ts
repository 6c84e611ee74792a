// Test helpers: team servers (real CLI or fakes, from ./processes), chat contexts, tokens, and
// event collection.
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import { mintChatToken } from "@/lib/auth/chat-token";
import { seedTeamProfile } from "@/lib/teams/profile";
import { SEED_TEAMS } from "@/lib/teams/seed-organisation";
import type { ManagerEvent, ManagerSessionContext } from "@/server/managers/types";
import { SECRET } from "./processes";

export {
  FIXTURES,
  NO_MODEL_ENV,
  SECRET,
  startEchoTeamServer,
  startMisbehavingServer,
  startServerProcess,
  startTeamServer,
  TEAM_SERVER_MAIN,
  type ServerProcess,
} from "./processes";

export function sessionContext(team = "executive-team", userId = "user-1"): ManagerSessionContext {
  const profile = seedTeamProfile(SEED_TEAMS, team);
  if (!profile) throw new Error(`no seed team ${team}`);
  return { team: profile, user: { id: userId, role: "admin" }, sessionId: `cc-session-${userId}` };
}

export async function mintElfToken(
  overrides: {
    team?: string;
    secret?: string;
    ttlSeconds?: number;
    for?: "elf" | "control-center";
  } = {},
) {
  const { token } = await mintChatToken({
    for: overrides.for ?? "elf",
    userId: "user-1",
    teamSlug: overrides.team ?? "executive-team",
    role: "admin",
    ttlSeconds: overrides.ttlSeconds ?? 300,
    secret: overrides.secret ?? SECRET,
  });
  return token;
}

export async function collect(events: AsyncIterable<ManagerEvent>): Promise<ManagerEvent[]> {
  const out: ManagerEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export const userSays = (content: string) => [{ role: "user" as const, content }];

/** Opens a team server's /chat with `token`: the first frame's type, or the HTTP status of the refused handshake. */
export async function firstChatFrame(port: number, token: string): Promise<string | number> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/chat?token=${encodeURIComponent(token)}`);
  ws.on("error", () => {});
  const outcome = await Promise.race([
    once(ws, "message").then(([data]) => (JSON.parse(String(data)) as { type: string }).type),
    once(ws, "unexpected-response").then(([, res]) => (res as IncomingMessage).statusCode ?? 0),
  ]);
  ws.terminate();
  return outcome;
}
