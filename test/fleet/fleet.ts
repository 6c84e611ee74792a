// A fleet on this machine: built instances of the Control Center on one PostgreSQL database and
// one Redis database, behind nginx (round-robin, WebSocket upgrade), with the OpenAI-compatible
// test server as their model. Shared by the fleet test and `npm run bench:fleet`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import getPort from "get-port";
import { createClient } from "redis";
import { io, type Socket } from "socket.io-client";
import { mintChatToken } from "@/lib/auth/chat-token";
import {
  CHAT_NAMESPACE,
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@/lib/protocol";
import { startAppProcess, TEST_SECRETS, type AppProcess } from "@/test/support/app-process";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { startModelServer, type ModelServer } from "@/test/support/openai-server";

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
/** CI exports it (.ci/run); this machine's Redis, database 7, otherwise. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/7";

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Instance extends AppProcess {
  name: string;
}

export interface Fleet {
  db: TestDatabase;
  model: ModelServer;
  redis: ReturnType<typeof createClient>;
  instances: Instance[];
  /** nginx, in front of every instance. */
  url: string;
  /** The instance holding the session's lease (its id carries the process id), if any. */
  ownerOf(sessionId: string): Promise<Instance | undefined>;
  /**
   * Starts a stopped instance again on its port, in its place in `instances` (as Kubernetes
   * restarts a pod behind its Service): nginx sends it connections again once it answers.
   */
  restart(instance: Instance): Promise<Instance>;
  token(userId: string, team: string, role: string): Promise<string>;
  /** A tab: a socket.io-client through nginx, WebSocket only (round-robin needs no stickiness). */
  connect(token: string): ChatClient;
  close(): Promise<void>;
}

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Redis must be there: the fleet shares its state through it. Fails with what to do. */
async function connectRedis(url: string) {
  const client = createClient({ url, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await within(5_000, "redis", client.connect());
  } catch (error) {
    throw new Error(
      `The fleet needs Redis at ${url} (TEST_REDIS_URL) and cannot reach it: ${(error as Error).message}. ` +
        "Start Redis (e.g. `redis-server --daemonize yes`) or point TEST_REDIS_URL at one.",
    );
  }
  await client.flushDb(); // this database is the fleet's alone
  return client;
}

async function startNginx(ports: number[]) {
  const dir = await mkdtemp(path.join(tmpdir(), "cc-nginx-"));
  const port = await getPort();
  const config = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream control_center {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=3s;`).join("\n")}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://control_center;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_connect_timeout 2s;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`;
  const file = path.join(dir, "nginx.conf");
  await writeFile(file, config);
  const child: ChildProcess = spawn(NGINX, ["-c", file, "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // However the run ends. TERM, not KILL: the master stops its worker, which KILL would leave running.
  process.once("exit", () => child.kill("SIGTERM"));
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers (any status; the instances' own answer comes through).
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`${url}/api/health/live`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`nginx did not start: ${stderr.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      // nginx's fast shutdown: the master stops its worker, then exits. A master killed outright
      // leaves the worker behind, holding its port, for as long as the machine runs.
      if (child.exitCode === null) child.kill("SIGTERM");
      const gone = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
      ]);
      if (!gone) child.kill("SIGKILL");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startFleet(options: {
  adminUrl: string;
  size: number;
  env?: Record<string, string>;
  /** Model answers: each chat-completions request takes the next. */
  turns?: number;
  wordDelayMs?: number;
}): Promise<Fleet> {
  const redis = await connectRedis(REDIS_URL);
  const stops: (() => Promise<unknown>)[] = [async () => redis.destroy()];
  const closeAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    const db = await createTestDatabase(options.adminUrl);
    stops.push(() => db.drop());
    const model = await startModelServer();
    stops.push(() => model.stop());
    const words = Array.from({ length: 12 }, (_, i) => `word${i}`).join(" ");
    await model.script(
      ...Array.from({ length: options.turns ?? 400 }, () => ({
        type: "text" as const,
        text: `Noted. ${words}.`,
        delayMs: options.wordDelayMs ?? 40,
      })),
    );
    const env = {
      REDIS_URL,
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: "sk-test-fleet",
      LLM_MODEL: "test-model",
      LLM_TOOLS: "off",
      LOG_LEVEL: "debug",
      ...options.env,
    };
    const launch = async (name: string, port = 0): Promise<Instance> => {
      const app = await startAppProcess(db.url, { ...env, PORT: String(port) });
      stops.push(() => app.stop("SIGKILL"));
      process.once("exit", () => app.child.kill("SIGKILL")); // however the run ends
      return Object.assign(app, { name });
    };
    const instances: Instance[] = [];
    // One at a time: the first applies the migrations the others then find done.
    for (let i = 0; i < options.size; i++) instances.push(await launch(`instance-${i + 1}`));
    const nginx = await startNginx(instances.map((i) => i.port));
    stops.push(() => nginx.stop());
    const clients: ChatClient[] = [];
    stops.push(async () => clients.forEach((c) => c.disconnect()));

    return {
      db,
      model,
      redis,
      instances,
      url: nginx.url,
      async ownerOf(sessionId) {
        const holder = await redis.get(`cc:lease:chat-session:${sessionId}`);
        const pid = Number(holder?.split(":")[1]);
        return instances.find((i) => i.child.pid === pid);
      },
      async restart(instance) {
        await instance.exited;
        const next = await launch(instance.name, instance.port);
        instances[instances.indexOf(instance)] = next;
        return next;
      },
      async token(userId, team, role) {
        const { token } = await mintChatToken({
          userId,
          teamSlug: team,
          role: role as never,
          ttlSeconds: 3600,
          secret: TEST_SECRETS.JWT_SECRET_KEY,
          sessionVersion: 0,
        });
        return token;
      },
      connect(token) {
        const client: ChatClient = io(`${nginx.url}${CHAT_NAMESPACE}`, {
          path: SOCKET_PATH,
          transports: ["websocket"],
          auth: { token },
          reconnectionDelay: 200,
          reconnectionDelayMax: 1_000,
          forceNew: true,
        });
        clients.push(client);
        return client;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
