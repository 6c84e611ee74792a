// The PostgreSQL fleet store (no Redis): what two instances admitting one user's sockets at the
// same moment count, on the run's real PostgreSQL.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createGroupCommit } from "@/lib/db/group-commit";
import { createPostgresStore } from "@/server/fleet/postgres-store";
import type { Coordination } from "@/server/fleet/types";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";

let db: TestDatabase;
let stores: Coordination[];

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  const logger = pino({ level: "silent" });
  stores = ["instance-a", "instance-b"].map((id) =>
    createPostgresStore(db.url, db.sql, createGroupCommit(db.sql), id, logger),
  );
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await db.drop();
});

describe("the PostgreSQL store's connection counts", () => {
  it("count every socket of a user admitted at once on two instances, each seeing the ones before it", async () => {
    const [user] = await db.sql<{ id: string }[]>`
      INSERT INTO cc_users (email, role) VALUES ('sockets@example.test', 'user') RETURNING id::text`;
    const sockets = 24;
    const counts = await Promise.all(
      Array.from({ length: sockets }, (_, i) =>
        stores[i % 2]!.connections.add(user!.id, `instance-${i % 2}:socket-${i}`, 30_000),
      ),
    );
    // Each admission counts the ones committed before it: 1, 2, … in some order, never a count
    // two sockets both saw (which would let both through a cap of that size).
    expect([...counts].sort((a, b) => a - b)).toEqual(
      Array.from({ length: sockets }, (_, i) => i + 1),
    );
  });
});

describe("the PostgreSQL store's leases", () => {
  it("go to one instance when both ask for many at once, and to the other once given up", async () => {
    // Each instance's asks are batched into shared transactions by its group commit; a batch must
    // still take a lease only where the row allows it.
    const keys = Array.from({ length: 40 }, (_, i) => `lease-test:${i}`);
    const asks = keys.flatMap((key) => stores.map((store) => store.leases.acquire(key, 30_000)));
    const won = await Promise.all(asks);
    for (let i = 0; i < keys.length; i++)
      expect(won.slice(2 * i, 2 * i + 2).filter(Boolean)).toHaveLength(1);
    const holders = await db.sql<{ key: string; holder: string }[]>`
      SELECT key, holder FROM cc_leases WHERE key LIKE 'lease-test:%'`;
    expect(holders).toHaveLength(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const winner = won[2 * i] ? stores[0]! : stores[1]!;
      expect(holders.find((h) => h.key === keys[i])?.holder).toBe(winner.instanceId);
    }

    // Given up by the holder, a lease goes to the other instance; the loser's release changes nothing.
    const [first] = keys;
    const holder = won[0] ? stores[0]! : stores[1]!;
    const other = won[0] ? stores[1]! : stores[0]!;
    await other.leases.release(first!);
    expect(await other.leases.acquire(first!, 30_000)).toBe(false);
    await holder.leases.release(first!);
    expect(await other.leases.acquire(first!, 30_000)).toBe(true);
  });
});
