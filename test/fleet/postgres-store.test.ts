// The PostgreSQL fleet store (no Redis): what two instances admitting one user's sockets at the
// same moment count, on the run's real PostgreSQL.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPostgresStore } from "@/server/fleet/postgres-store";
import type { Coordination } from "@/server/fleet/types";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";

let db: TestDatabase;
let stores: Coordination[];

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  const logger = pino({ level: "silent" });
  stores = ["instance-a", "instance-b"].map((id) =>
    createPostgresStore(db.url, db.sql, id, logger),
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
