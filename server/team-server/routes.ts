// The team server's HTTP endpoints (elf-contract.md §2), answering exactly ELF's shapes.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { z } from "zod";
import type {
  capabilitiesBodySchema,
  healthBodySchema,
  statusBodySchema,
} from "@/lib/protocol/elf";
import type { TeamProfile } from "@/lib/teams/profile";
import type { TeamManager } from "@/server/managers/types";
import { confirmDelegation } from "./delegation";
import { HttpError, parseInput, readJsonBody, sendJson, type JsonReply } from "./http";
import { confirmQuerySchema, modificationsSchema, taskRequestSchema } from "./schemas";
import type { TeamServerState } from "./state";
import { runTask } from "./tasks";

export interface TeamServerDeps {
  profile: TeamProfile;
  manager: TeamManager;
  state: TeamServerState;
  logger: Logger;
  framework: string;
}

const agentsOf = (profile: TeamProfile) => profile.members.map((m) => m.role);

// Written as the contract's schemas read them (z.input), so the two sides cannot drift apart.
function describeHealth({ profile, framework }: TeamServerDeps): z.input<typeof healthBodySchema> {
  return {
    status: "healthy",
    team_name: profile.name,
    framework,
    department: profile.department,
    timestamp: new Date().toISOString(),
    agents: agentsOf(profile),
    chat_enabled: true,
  };
}

function describeCapabilities({
  profile,
  framework,
}: TeamServerDeps): z.input<typeof capabilitiesBodySchema> {
  return {
    team_name: profile.name,
    department: profile.department,
    framework,
    purpose: profile.purpose,
    agents: profile.members.map((m) => ({ role: m.role, is_manager: m.is_manager })),
    capabilities: [
      ...new Set(profile.members.flatMap((m) => [...m.skills, ...m.responsibilities])),
    ],
    chat_enabled: true,
  };
}

function describeStatus({ profile, state }: TeamServerDeps): z.input<typeof statusBodySchema> {
  const busy = state.isBusy;
  return {
    status: "operational",
    team_name: profile.name,
    active_tasks: state.activeTasks,
    last_activity: state.lastActivity.toISOString(),
    agents_status: Object.fromEntries(
      profile.members.map((m) => [m.role, m.is_manager && busy ? "busy" : "ready"]),
    ),
  };
}

function requireMethod(req: IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpError(405, "Method Not Allowed");
}

async function route(req: IncomingMessage, deps: TeamServerDeps): Promise<JsonReply> {
  const url = new URL(req.url ?? "/", "http://team-server");
  switch (url.pathname) {
    case "/health":
      requireMethod(req, "GET");
      return { status: 200, body: describeHealth(deps) };
    case "/capabilities":
      requireMethod(req, "GET");
      return { status: 200, body: describeCapabilities(deps) };
    case "/status":
      requireMethod(req, "GET");
      return { status: 200, body: describeStatus(deps) };
    case "/task": {
      requireMethod(req, "POST");
      const task = parseInput(taskRequestSchema, await readJsonBody(req));
      return runTask(task, deps);
    }
    case "/chat/delegation/confirm": {
      requireMethod(req, "POST");
      const query = parseInput(confirmQuerySchema, Object.fromEntries(url.searchParams));
      const modifications = parseInput(modificationsSchema, await readJsonBody(req));
      return confirmDelegation({ ...query, modifications }, deps);
    }
    default:
      throw new HttpError(404, "Not Found");
  }
}

export function createRequestHandler(deps: TeamServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, deps)
      .catch((error: unknown): JsonReply => {
        if (error instanceof HttpError)
          return { status: error.status, body: { detail: error.detail } };
        deps.logger.error({ err: error, url: req.url, method: req.method }, "request failed");
        return { status: 500, body: { detail: "Internal Server Error" } };
      })
      .then((reply) => {
        if (!res.headersSent) sendJson(res, reply);
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, "could not send a response"));
  };
}
