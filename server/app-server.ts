// The Control Center process: one HTTP server serving Next and Socket.IO, closed gracefully.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import next from "next";
import type { Logger } from "pino";
import type { Server as SocketServer } from "socket.io";
import { createGroupCommit } from "@/lib/db/group-commit";
import type { Env } from "@/lib/env";
import { getLifecyclePhase, setLifecyclePhase } from "@/lib/lifecycle";
import { CHAT_NAMESPACE } from "@/lib/protocol";
import { boot, type Booted } from "./boot";
import { registerChatServer } from "./chat";
import { guardChatSockets } from "./chat/guard";
import { startDispatcher } from "./dispatch";
import { startHealthChecker } from "./health";
import { llmConfigFromEnv } from "./managers/llm/provider";
import { createBuiltinManager } from "./managers/builtin";
import { createManagerRegistry } from "./managers/registry";
import type { TeamManager } from "./managers/types";
import { startCoordination } from "./fleet";
import { frontDoor } from "./http/front-door";
import { serveMetrics } from "./metrics/http";
import { registerPoolMetrics } from "./metrics/registry";
import { attachSocketServer, refuseNewSocketsWhile } from "./socket";
import { startSupabaseSync } from "./supabase";

/**
 * How long replies being written may take to finish on SIGTERM; with the rest of the shutdown it
 * stays within SHUTDOWN_DEADLINE_MS (server/shutdown.ts), below Kubernetes' default 30 s.
 */
const DRAIN_REPLIES_MS = 12_000;

export interface AppServer {
  booted: Booted;
  io: SocketServer;
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  env: Env;
  logger: Logger;
  /** Serve the Next app (pages and API routes); off for socket-only tests and benchmarks. */
  withNext?: boolean;
  /** Replaces the built-in manager (tests and benchmarks use a deterministic one). */
  builtinManager?: TeamManager;
}

export async function startAppServer({
  env,
  logger,
  withNext = true,
  builtinManager,
}: StartOptions): Promise<AppServer> {
  const booted = await boot(env, logger);
  // The instance's chat writes (and, without Redis, its fleet entries), committed together when busy.
  const writes = createGroupCommit(booted.sql);
  const fleet = await startCoordination({
    redisUrl: env.REDIS_URL,
    databaseUrl: booted.runtime.databaseUrl,
    sql: booted.sql,
    writes,
    logger,
  }).catch(async (error: unknown) => {
    await booted.close();
    throw error;
  });
  const dev = env.NODE_ENV === "development";
  const nextApp = withNext
    ? next({
        dev,
        dir: process.cwd(),
        hostname: env.HOST === "0.0.0.0" ? "localhost" : env.HOST,
        port: env.PORT,
      })
    : null;
  try {
    await nextApp?.prepare();
  } catch (error) {
    await fleet.close();
    await booted.close();
    throw error;
  }
  const llm = llmConfigFromEnv(env);
  const dispatcher = await startDispatcher({
    databaseUrl: booted.runtime.databaseUrl,
    sql: booted.sql,
    logger,
    teamServerUrls: env.TEAM_SERVER_URLS,
    llm,
  }).catch(async (error: unknown) => {
    await nextApp?.close?.();
    await fleet.close();
    await booted.close();
    throw error;
  });
  const supabase = booted.supabase
    ? await startSupabaseSync({
        connection: booted.supabase,
        sql: booted.sql,
        databaseUrl: booted.runtime.databaseUrl,
        logger,
      }).catch(async (error: unknown) => {
        await dispatcher.stop();
        await nextApp?.close?.();
        await fleet.close();
        await booted.close();
        throw error;
      })
    : null;
  const health = startHealthChecker({
    sql: booted.sql,
    databaseUrl: booted.runtime.databaseUrl,
    logger,
    teamServerUrls: env.TEAM_SERVER_URLS,
    intervalMs: env.TEAM_HEALTH_INTERVAL_SECONDS * 1000,
  });
  const handle = nextApp?.getRequestHandler();

  registerPoolMetrics(booted.sql);
  const door = { appOrigins: env.APP_ORIGIN, trustProxy: env.TRUST_PROXY, dev };
  const httpServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (frontDoor(req, res, door)) return;
    if (serveMetrics(req, res, env.METRICS_TOKEN)) return;
    if (handle) {
      handle(req, res).catch((error: unknown) => {
        logger.error({ err: error, url: req.url }, "request failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "Not found." } }));
    }
  });
  const io = attachSocketServer(httpServer, fleet.adapter);
  refuseNewSocketsWhile(httpServer, () => getLifecyclePhase() === "draining");
  guardChatSockets(io.of(CHAT_NAMESPACE));
  const chat = registerChatServer(io, {
    sql: booted.sql,
    writes,
    logger: logger.child({ component: "chat" }),
    registry: createManagerRegistry({
      sql: booted.sql,
      logger,
      teamServerUrls: env.TEAM_SERVER_URLS,
      chatTokenSecret: booted.runtime.chatTokenSecret,
      chatTokenTtlSeconds: booted.runtime.chatTokenTtlSeconds,
      elfSessionGraceSeconds: env.ELF_SESSION_GRACE_SECONDS,
      builtin: builtinManager ?? createBuiltinManager(llm, logger),
    }),
    chatTokenSecret: booted.runtime.chatTokenSecret,
    messagesPerMinute: env.CHAT_MESSAGES_PER_MINUTE,
    maxConnectionsPerUser: env.CHAT_MAX_CONNECTIONS_PER_USER,
    store: fleet,
    dispatcher,
  });
  if (nextApp && dev) {
    const upgrade = nextApp.getUpgradeHandler();
    httpServer.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
      if (req.url?.startsWith("/_next/")) void upgrade(req, socket, head);
    });
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(env.PORT, env.HOST, () => resolve());
  });
  setLifecyclePhase("serving");
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ port, host: env.HOST, url, next: withNext, dev }, "listening");

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info("draining");
      setLifecyclePhase("draining");
      // Readiness fails and new sockets are refused from now on; replies being written finish
      // (stopped at the deadline), the sessions go to other instances, and every tab reconnects.
      await chat.drain(Date.now() + DRAIN_REPLIES_MS);
      logger.info("shutting down");
      // Socket.IO first (it tells clients goodbye and closes the HTTP server), then replies in
      // flight are stopped and stored, then the database. Idle keep-alive connections are closed
      // now, busy ones after a grace period.
      const forced = setTimeout(() => httpServer.closeAllConnections(), 5_000).unref();
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeIdleConnections();
      await closed;
      clearTimeout(forced);
      await chat.close();
      await fleet.close();
      await dispatcher.stop(); // writes through the pool, so before the database closes
      await health.stop();
      await supabase?.stop();
      await nextApp?.close?.();
      await booted.close();
      logger.info("stopped");
    })();
    return closing;
  };

  return { booted, io, port, url, close };
}
