// Group commit on a real PostgreSQL: writes that queue behind a running one share a transaction,
// each gets its own result, and a write that fails takes nobody else's with it.
import { afterEach, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import type { Db } from "./client";
import { createGroupCommit } from "./group-commit";

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

async function setUp() {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  await db.sql`CREATE TABLE written (n int PRIMARY KEY)`;
  return { sql: db.sql, writes: createGroupCommit(db.sql) };
}

const insert = (n: number) => (sql: Db) =>
  sql<
    { n: number; tx: string }[]
  >`INSERT INTO written (n) VALUES (${n}) RETURNING n, txid_current()::text AS tx`.then(
    ([row]) => row!,
  );

describe("group commit", () => {
  it("commits the writes that queued while others ran in one transaction, each with its own result", async () => {
    const { sql, writes } = await setUp();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => writes.run(insert(i))));
    expect(results.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // The first two ran at once, each on its own (two lanes); the 18 queued behind them went together.
    expect(new Set(results.map((r) => r.tx)).size).toBe(3);
    expect(new Set(results.slice(2).map((r) => r.tx)).size).toBe(1);
    const [row] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM written`;
    expect(row?.count).toBe(20);
  });

  it("keeps a batch to 64 writes", async () => {
    const { writes } = await setUp();
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => writes.run(insert(i))));
    // Two alone, then 64, 64 and 20.
    expect(new Set(results.map((r) => r.tx)).size).toBe(5);
  });

  it("fails only the write that failed: the rest of its batch is committed", async () => {
    const { sql, writes } = await setUp();
    await sql`INSERT INTO written (n) VALUES (3)`;
    const outcomes = await Promise.allSettled(
      [100, 1, 2, 3, 4, 5].map((n) => writes.run(insert(n))),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ code: "23505" });
    const rows = await sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 100]);
  });

  it("runs each write alone when the batch's COMMIT is refused", async () => {
    const { sql, writes } = await setUp();
    // A deferred check fails at COMMIT, after every statement of the batch succeeded.
    await sql`CREATE TABLE deferred (n int, CONSTRAINT once UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)`;
    const put = (n: number) => (db: Db) => db`INSERT INTO deferred (n) VALUES (${n})`.then(() => n);
    const outcomes = await Promise.allSettled(
      [put(1), put(2), put(7), put(7), put(8)].map((w) => writes.run(w)),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    const rows = await sql<{ n: number }[]>`SELECT n FROM deferred ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([1, 2, 7, 8]);
  });

  it("gives an error thrown after a write's statement to that write alone, its statement kept as if run alone", async () => {
    const { sql, writes } = await setUp();
    const outcomes = await Promise.allSettled([
      writes.run(insert(10)),
      writes.run(insert(11)),
      writes.run(async (db) => {
        await insert(12)(db);
        throw new Error("the reply could not be read");
      }),
      writes.run(insert(13)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
      message: "the reply could not be read",
    });
    const rows = await sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([10, 11, 12, 13]);
  });
});
