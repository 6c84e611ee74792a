// The store the instances of a fleet share: Redis when REDIS_URL is given, otherwise the
// PostgreSQL they already share. A single instance uses the same store, so one instance and a
// fleet behave alike.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Sql } from "@/lib/db/client";
import type { GroupCommit } from "@/lib/db/group-commit";
import { createPostgresStore } from "./postgres-store";
import { connectRedisStore } from "./redis-store";
import type { Coordination } from "./types";

export type { Coordination, ConnectionCounts, Leases } from "./types";

export async function startCoordination(options: {
  redisUrl?: string;
  databaseUrl: string;
  sql: Sql;
  /** The instance's group commit: the PostgreSQL store's leases and socket entries use it. */
  writes: GroupCommit;
  logger: Logger;
}): Promise<Coordination> {
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const logger = options.logger.child({ component: "fleet", instanceId });
  const store = options.redisUrl
    ? await connectRedisStore(options.redisUrl, instanceId, logger)
    : createPostgresStore(options.databaseUrl, options.sql, options.writes, instanceId, logger);
  logger.info({ store: store.kind }, "fleet state shared through %s", store.kind);
  return store;
}
