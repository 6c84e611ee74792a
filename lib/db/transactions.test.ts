// postgres.js 3.4.9 lets a transaction's BEGIN reach the server without reserving its connection
// when BEGIN is the query that fills the connection's pipeline (porsager/postgres#823, #1189):
// sql.begin() then fails with UNSAFE_TRANSACTION, the server's transaction stays open, and the
// pool's unrelated queries run inside it — acknowledged, then rolled back with it. The idle-session
// benchmark hit it (two of 6,000 sessions never opened). patches/postgres+3.4.9.patch mends it;
// this test fails without the patch. A pipeline of two reaches the boundary every round; the
// pool's default of 100 reaches it only under load.
import postgres from "postgres";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

describe("transactions under a full pipeline", () => {
  it("keep their connection to themselves: every acknowledged write outside them is stored", async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
    const notices: string[] = [];
    // max_pipeline is a real option that postgres.js's types leave out.
    const options = {
      max: 3,
      max_pipeline: 2,
      onnotice: (notice: postgres.Notice) => notices.push(String(notice.code)),
    };
    const sql = postgres(db.url, options);
    try {
      await sql`CREATE TABLE pipeline_rows (id int PRIMARY KEY)`;
      const acknowledged: number[] = [];
      const failures: string[] = [];
      let next = 0;
      for (let round = 0; round < 10; round++) {
        // Every connection busy, then writes and transactions queued behind them.
        const work: Promise<unknown>[] = [1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`);
        for (let i = 0; i < 11; i++) {
          const id = ++next;
          work.push(
            i % 2 === 0
              ? sql
                  .begin(async (tx) => {
                    await tx`SELECT 1`;
                    throw new Error("rolled back on purpose");
                  })
                  .catch((error: Error) => {
                    if (error.message !== "rolled back on purpose") failures.push(error.message);
                  })
              : sql`INSERT INTO pipeline_rows VALUES (${id})`.then(
                  () => acknowledged.push(id),
                  (error: Error) => failures.push(error.message),
                ),
          );
        }
        await Promise.all(work);
      }
      const stored = await sql<{ id: number }[]>`SELECT id FROM pipeline_rows ORDER BY id`;
      expect(failures).toEqual([]);
      expect(acknowledged).toHaveLength(50);
      expect(stored.map((row) => row.id)).toEqual(acknowledged.sort((a, b) => a - b));
      // 25001: "there is already a transaction in progress" — a BEGIN sent inside another.
      expect(notices).not.toContain("25001");
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
