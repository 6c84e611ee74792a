// The real Control Center server in this process (HTTP + Socket.IO, no Next) on an ephemeral
// port, on a database of its own, and real socket.io-client connections to it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino, { type Logger } from "pino";
import { io, type Socket } from "socket.io-client";
import { mintChatToken } from "@/lib/auth/chat-token";
import type { Role } from "@/lib/auth/roles";
import { parseEnv } from "@/lib/env";
import {
  CHAT_NAMESPACE,
  SOCKET_PATH,
  type ClientToServerEvents,
  type SessionSnapshot,
  type ServerToClientEvents,
} from "@/lib/protocol";
import { seedOrganisation } from "@/lib/teams/seed";
import { createUser } from "@/lib/users/service";
import type { User } from "@/lib/users/schemas";
import { startAppServer, type AppServer } from "@/server/app-server";
import type { TeamManager } from "@/server/managers/types";
import { TEST_SECRETS } from "./app-process";
import { createTestDatabase, type TestDatabase } from "./database";

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ChatHarness {
  db: TestDatabase;
  server: AppServer;
  url: string;
  createUser(role: Role): Promise<User>;
  token(
    user: User,
    team: string,
    options?: { ttlSeconds?: number; for?: "control-center" | "elf"; secret?: string },
  ): Promise<string>;
  /** A tab on this harness's server, or on another instance's `url`. */
  connect(token: string, url?: string): Promise<{ client: ChatClient; ready: SessionSnapshot }>;
  /** Another instance on the same database (closed with the harness). */
  startInstance(env?: Record<string, string>): Promise<AppServer>;
  connectRefused(
    token: unknown,
  ): Promise<{ message: string; data: { code: string; message: string } }>;
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

let userCount = 0;

/** A tab's socket to the chat namespace at `baseUrl`: WebSocket only, no reconnection. */
export function chatSocket(baseUrl: string, token: unknown): ChatClient {
  return io(`${baseUrl}${CHAT_NAMESPACE}`, {
    path: SOCKET_PATH,
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
  });
}

export async function startChatHarness(
  adminUrl: string,
  options: { builtin?: TeamManager; env?: Record<string, string>; logger?: Logger } = {},
): Promise<ChatHarness> {
  const db = await createTestDatabase(adminUrl);
  await seedOrganisation(db.sql);
  const dataDir = await mkdtemp(path.join(tmpdir(), "cc-chat-"));
  const clients: ChatClient[] = [];
  const start = (env: Record<string, string> = {}) =>
    startAppServer({
      env: parseEnv({
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        PORT: "0",
        HOST: "127.0.0.1",
        NODE_ENV: "test",
        ...TEST_SECRETS,
        ...options.env,
        ...env,
      }),
      logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
      withNext: false,
      builtinManager: options.builtin,
    });
  let server = await start();
  const others: AppServer[] = [];

  const harness: ChatHarness = {
    db,
    server,
    get url() {
      return server.url;
    },
    async createUser(role) {
      userCount += 1;
      return createUser(db.sql, {
        email: `${role}${userCount}-${Date.now()}@example.test`,
        password: "password-123",
        role,
      });
    },
    async token(user, team, tokenOptions = {}) {
      const { token } = await mintChatToken({
        userId: user.id,
        teamSlug: team,
        role: user.role,
        ttlSeconds: tokenOptions.ttlSeconds ?? 300,
        secret: tokenOptions.secret ?? TEST_SECRETS.JWT_SECRET_KEY,
        for: tokenOptions.for,
        sessionVersion: user.session_version,
      });
      return token;
    },
    connect(token, url = server.url) {
      const client: ChatClient = io(`${url}${CHAT_NAMESPACE}`, {
        path: SOCKET_PATH,
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
      });
      clients.push(client);
      return new Promise((resolve, reject) => {
        client.once("session:ready", (ready) => resolve({ client, ready }));
        client.once("connect_error", (error) => reject(error));
      });
    },
    connectRefused(token) {
      const client: ChatClient = io(`${server.url}${CHAT_NAMESPACE}`, {
        path: SOCKET_PATH,
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
      });
      clients.push(client);
      return new Promise((resolve, reject) => {
        client.once("session:ready", () =>
          reject(new Error("connected, but should have been refused")),
        );
        client.once("connect_error", (error) =>
          resolve(error as unknown as { message: string; data: { code: string; message: string } }),
        );
      });
    },
    async startInstance(env) {
      const instance = await start(env);
      others.push(instance);
      return instance;
    },
    async restart(env) {
      for (const client of clients.splice(0)) client.disconnect();
      await server.close();
      server = await start(env);
      harness.server = server;
    },
    async close() {
      for (const client of clients.splice(0)) client.disconnect();
      await Promise.all([server, ...others.splice(0)].map((instance) => instance.close()));
      await rm(dataDir, { recursive: true, force: true });
      await db.drop();
    },
  };
  return harness;
}

/** Resolves with the next `event` payload that satisfies `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  client: ChatClient,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${event} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      (client.off as (e: string, l: unknown) => void)(event, listener);
      resolve(payload);
    };
    (client.on as (e: string, l: unknown) => void)(event, listener);
  });
}
