// A standalone team server: one team's manager behind ELF's team-server contract (HTTP on
// node:http, WS /chat on `ws`), so a team runs as its own service and the relay has a real wire.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import type { TeamProfile } from "@/lib/teams/profile";
import type { TeamManager } from "@/server/managers/types";
import { authenticateUpgrade, refuseUpgrade } from "./chat-auth";
import { runChatSession } from "./chat-session";
import { createRequestHandler, type TeamServerDeps } from "./routes";
import { TeamServerState } from "./state";

export interface TeamServerOptions {
  profile: TeamProfile;
  manager: TeamManager;
  /** JWT_SECRET_KEY, shared with the Control Center that mints the chat tokens. */
  secret: string;
  port: number;
  host: string;
  logger: Logger;
  /** What /health reports as the team's framework (ELF's registry value); CrewAI is ELF's default. */
  framework?: string;
}

export interface TeamServer {
  port: number;
  close(): Promise<void>;
}

export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const { profile } = options;
  const logger = options.logger.child({ team: profile.name });
  const deps: TeamServerDeps = {
    profile,
    manager: options.manager,
    state: new TeamServerState(),
    logger,
    framework: options.framework ?? "CrewAI",
  };
  const http = createServer(createRequestHandler(deps));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });

  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", (error) => logger.debug({ err: error }, "upgrade socket error"));
    if (new URL(req.url ?? "/", "http://team-server").pathname !== "/chat")
      return refuseUpgrade(socket, 404, "Not Found");
    authenticateUpgrade(req, options.secret, profile.name).then(
      (auth) => {
        if (!auth.ok) {
          logger.info({ status: auth.status, detail: auth.detail }, "chat connection refused");
          return refuseUpgrade(socket, auth.status, auth.detail);
        }
        wss.handleUpgrade(req, socket, head, (ws) => runChatSession(ws, auth.claims, deps));
      },
      (error: unknown) => {
        logger.error({ err: error }, "chat authentication failed");
        refuseUpgrade(socket, 500, "Internal Server Error");
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  logger.info({ port, host: options.host, manager: options.manager.kind }, "team server listening");

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info("team server shutting down");
      // 1001 rather than session_ended: clients should reconnect to the next instance, not give up.
      for (const ws of wss.clients) ws.close(1001, "team server shutting down");
      const forced = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
        http.closeAllConnections();
      }, 5_000).unref();
      http.closeIdleConnections();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      clearTimeout(forced);
      logger.info("team server stopped");
    })();
    return closing;
  };
  return { port, close };
}
