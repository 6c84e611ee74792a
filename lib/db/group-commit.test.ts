// Group commit on a real PostgreSQL: writes that queue behind running ones share a transaction,
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
  /** The transaction of every statement that ran, failed attempts' included, in order. */
  const transactions: string[] = [];
  const insert = (n: number) => async (sql: Db) => {
    const [row] = await sql<{ n: number; tx: string }[]>`
      INSERT INTO written (n) VALUES (${n}) RETURNING n, txid_current()::text AS tx`;
    transactions.push(row!.tx);
    return row!;
  };
  return { sql: db.sql, writes: createGroupCommit(db.sql), insert, transactions };
}

/** "ok" or "failed" per write, in order. */
const statuses = (outcomes: PromiseSettledResult<unknown>[]) =>
  outcomes.map((o) => (o.status === "fulfilled" ? "ok" : "failed")).join(" ");

/** How many statements ran in each transaction, largest first. */
const groupSizes = (transactions: string[]) => {
  const sizes = new Map<string, number>();
  for (const tx of transactions) sizes.set(tx, (sizes.get(tx) ?? 0) + 1);
  return [...sizes.values()].sort((a, b) => b - a);
};

describe("group commit", () => {
  it("commits the writes that queued while others ran in one transaction, each with its own result", async () => {
    const { sql, writes, insert, transactions } = await setUp();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => writes.run(insert(i))));
    expect(results.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // The first two ran at once, each on its own (two lanes); the 18 queued behind them went together.
    expect(groupSizes(transactions)).toEqual([18, 1, 1]);
    expect(new Set(results.slice(2).map((r) => r.tx)).size).toBe(1);
    const [row] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM written`;
    expect(row?.count).toBe(20);
  });

  it("keeps a batch to 64 writes", async () => {
    const { writes, insert, transactions } = await setUp();
    await Promise.all(Array.from({ length: 150 }, (_, i) => writes.run(insert(i))));
    expect(groupSizes(transactions)).toEqual([64, 64, 20, 1, 1]);
  });

  it("fails only the write that failed: the rest of its batch is committed", async () => {
    const { sql, writes, insert, transactions } = await setUp();
    await sql`INSERT INTO written (n) VALUES (3)`;
    const outcomes = await Promise.allSettled(
      [100, 1, 2, 3, 4, 5].map((n) => writes.run(insert(n))),
    );
    expect(statuses(outcomes)).toBe("ok ok ok failed ok ok");
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ code: "23505" });
    // 2 ran in the batch with 3, 4 and 5 (the statements after the failed one failed too), was
    // rolled back with it, and ran again alone, as did 4 and 5: six statements succeeded, not five.
    expect(transactions).toHaveLength(6);
    expect(groupSizes(transactions)).toEqual([1, 1, 1, 1, 1, 1]);
    const rows = await sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 100]);
  });

  it("runs each write alone when the batch's COMMIT is refused", async () => {
    const { sql, writes } = await setUp();
    // A deferred check fails at COMMIT, after every statement of the batch succeeded.
    await sql`CREATE TABLE deferred (n int, CONSTRAINT once UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)`;
    const attempts: string[] = [];
    const put = (n: number) => async (db: Db) => {
      const [row] = await db<{ tx: string }[]>`
        INSERT INTO deferred (n) VALUES (${n}) RETURNING txid_current()::text AS tx`;
      attempts.push(row!.tx);
      return n;
    };
    const outcomes = await Promise.allSettled(
      [put(1), put(2), put(7), put(7), put(8)].map((w) => writes.run(w)),
    );
    // The three queued went together, every statement of theirs succeeding, before COMMIT failed.
    expect(groupSizes(attempts).slice(0, 1)).toEqual([3]);
    // Run again alone, one of the two 7s is refused at its own commit: which one is a race.
    expect(statuses(outcomes.slice(0, 2))).toBe("ok ok");
    expect(statuses(outcomes.slice(2, 4)).split(" ").sort()).toEqual(["failed", "ok"]);
    expect(outcomes[4]!.status).toBe("fulfilled");
    const rows = await sql<{ n: number }[]>`SELECT n FROM deferred ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([1, 2, 7, 8]);
  });

  it("gives an error thrown after a write's statement to that write alone, its statement kept as if run alone", async () => {
    const { sql, writes, insert, transactions } = await setUp();
    const outcomes = await Promise.allSettled([
      writes.run(insert(10)),
      writes.run(insert(11)),
      writes.run(async (db) => {
        await insert(12)(db);
        throw new Error("the reply could not be read");
      }),
      writes.run(insert(13)),
    ]);
    expect(statuses(outcomes)).toBe("ok ok failed ok");
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
      message: "the reply could not be read",
    });
    // 12 and 13 first ran together, then each alone.
    expect(groupSizes(transactions)).toEqual([2, 1, 1, 1, 1]);
    const rows = await sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([10, 11, 12, 13]);
  });

  it("rolls back a batch in which a write caught its own statement's failure", async () => {
    const { sql, writes, insert } = await setUp();
    await sql`INSERT INTO written (n) VALUES (21)`;
    const outcomes = await Promise.allSettled([
      writes.run(insert(30)),
      writes.run(insert(31)),
      writes.run(insert(20)),
      // Swallows the duplicate key: in a batch, the transaction is aborted all the same, so its
      // COMMIT would only roll back, and 20 would be acknowledged but not stored.
      writes.run((db) => insert(21)(db).catch(() => ({ n: 21, tx: "caught" }))),
    ]);
    expect(statuses(outcomes)).toBe("ok ok ok ok");
    const rows = await sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([20, 21, 30, 31]);
  });
  it("fails every write of a batch whose connection is lost before its COMMIT is answered, and goes on", async () => {
    const { sql, writes, insert } = await setUp();
    // The last write of the batch has the server end the batch's own connection.
    const cutOff = async (db: Db) => {
      const [own] = await db<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      await sql`SELECT pg_terminate_backend(${own!.pid})`;
      return 0;
    };
    const outcomes = await Promise.allSettled([
      writes.run(insert(40)),
      writes.run(insert(41)),
      writes.run(insert(42)),
      writes.run(insert(43)),
      writes.run(cutOff),
    ]);
    // COMMIT's outcome cannot be known: each fails (running them again could store them twice).
    expect(statuses(outcomes)).toBe("ok ok failed failed failed");
    // The pool goes on without the lost connection.
    const after = await Promise.all([50, 51, 52, 53, 54].map((n) => writes.run(insert(n))));
    expect(after.map((r) => r.n)).toEqual([50, 51, 52, 53, 54]);
    const rows = await sql<{ n: number }[]>`SELECT n FROM written ORDER BY n`;
    expect(rows.map((r) => r.n)).toEqual([40, 41, 50, 51, 52, 53, 54]);
  });
});
