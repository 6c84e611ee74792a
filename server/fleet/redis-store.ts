// The fleet's shared state in Redis: the Socket.IO Redis streams adapter (one stream, so
// broadcasts reach the other instances in order), leases as SET NX PX, connection entries as one sorted
// set per user scored by expiry, and RateLimiterRedis.
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Logger } from "pino";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { createClient } from "redis";
import { StartupError } from "@/lib/startup-error";
import { localFirst } from "./local-first";
import type { Coordination } from "./types";

const RENEW_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

const leaseKey = (key: string) => `cc:lease:${key}`;
const connectionsKey = (userId: string) => `cc:chat-connections:${userId}`;

export async function connectRedisStore(
  url: string,
  instanceId: string,
  logger: Logger,
): Promise<Coordination> {
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries) => Math.min(retries * 200, 2_000),
    },
  });
  client.on("error", (error: unknown) => logger.warn({ err: error }, "redis: connection error"));
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new StartupError(
      `Cannot reach Redis at REDIS_URL (${(error as Error).message}). Start it, or unset REDIS_URL to share state through PostgreSQL.`,
    );
  }

  return {
    kind: "redis",
    instanceId,
    adapter: localFirst(
      createAdapter(client, { streamName: "cc:socket.io", heartbeatInterval: 2_000 }),
    ),
    leases: {
      async acquire(key, ttlMs) {
        const taken = await client.set(leaseKey(key), instanceId, { NX: true, PX: ttlMs });
        if (taken === "OK") return true;
        return (await this.renew([key], ttlMs)).has(key);
      },
      async renew(keys, ttlMs) {
        const results = await Promise.all(
          keys.map((key) =>
            client.eval(RENEW_SCRIPT, {
              keys: [leaseKey(key)],
              arguments: [instanceId, String(ttlMs)],
            }),
          ),
        );
        return new Set(keys.filter((_, i) => Number(results[i]) === 1));
      },
      async release(key) {
        await client.eval(RELEASE_SCRIPT, { keys: [leaseKey(key)], arguments: [instanceId] });
      },
    },
    connections: {
      async add(userId, socketKey, ttlMs) {
        const key = connectionsKey(userId);
        const now = Date.now();
        const replies = await client
          .multi()
          .zRemRangeByScore(key, "-inf", now)
          .zAdd(key, { score: now + ttlMs, value: socketKey })
          .zCard(key)
          .pExpire(key, ttlMs)
          .exec();
        return Number(replies[2]);
      },
      async remove(userId, socketKey) {
        await client.zRem(connectionsKey(userId), socketKey);
      },
      async heartbeat(entries, ttlMs) {
        const expiry = Date.now() + ttlMs;
        await Promise.all(
          entries.map(({ userId, socketKey }) =>
            client
              .multi()
              .zAdd(connectionsKey(userId), { score: expiry, value: socketKey }, { XX: true })
              .pExpire(connectionsKey(userId), ttlMs)
              .exec(),
          ),
        );
      },
    },
    rateLimiter: (options) =>
      new RateLimiterRedis({ storeClient: client, useRedisPackage: true, ...options }),
    rateLimitTable: null,
    async close() {
      client.destroy();
    },
  };
}
