// What the instances of a fleet share, whichever store holds it (Redis or PostgreSQL).
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { ServerOptions } from "socket.io";

/** A named lease held by one instance at a time; it lapses unless its holder renews it. */
export interface Leases {
  /** Takes the lease when it is free, lapsed or already ours; whether we hold it now. */
  acquire(key: string, ttlMs: number): Promise<boolean>;
  /** Pushes back the expiry of those of `keys` we still hold, and returns them. */
  renew(keys: string[], ttlMs: number): Promise<Set<string>>;
  /** Gives the lease up, if it is ours. */
  release(key: string): Promise<void>;
}

/**
 * Open chat sockets per user across the fleet. Each entry expires unless its instance pushes the
 * expiry back (heartbeat), so the sockets of an instance that was killed stop counting.
 */
export interface ConnectionCounts {
  /** Adds the socket and returns how many the user has open now, this one included. */
  add(userId: string, socketKey: string, ttlMs: number): Promise<number>;
  remove(userId: string, socketKey: string): Promise<void>;
  heartbeat(entries: { userId: string; socketKey: string }[], ttlMs: number): Promise<void>;
}

export interface Coordination {
  kind: "redis" | "postgres";
  /** This process's name in leases and connection entries; unique per start. */
  instanceId: string;
  adapter: ServerOptions["adapter"];
  leases: Leases;
  connections: ConnectionCounts;
  rateLimiter(options: {
    keyPrefix: string;
    points: number;
    duration: number;
  }): RateLimiterAbstract;
  /**
   * The table of the app's own PostgreSQL in which rateLimiter keeps its rows, laid out as
   * RateLimiterPostgres lays them out, so that a statement can take an allowance in its own round
   * trip (lib/chat/send.ts); null when they are kept elsewhere (Redis).
   */
  rateLimitTable: string | null;
  close(): Promise<void>;
}
