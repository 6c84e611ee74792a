import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { createSubtaskLocks, type SubtaskLocks } from "./locks";

let db: TestDatabase;
let locks: SubtaskLocks;
let others: SubtaskLocks;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
  locks = createSubtaskLocks(db.url, 3);
  others = createSubtaskLocks(db.url, 3); // another dispatcher, as on another instance
});
afterAll(async () => {
  await locks.close();
  await others.close();
  await db.drop();
});

describe("subtask locks", () => {
  it("gives a subtask to one job at a time, across dispatchers, until it is released", async () => {
    const release = await locks.tryLock("subtask-1");
    expect(release).not.toBeNull();
    expect(await others.tryLock("subtask-1")).toBeNull();
    const other = await others.tryLock("subtask-2");
    expect(other).not.toBeNull();
    await release!();
    const again = await others.tryLock("subtask-1");
    expect(again).not.toBeNull();
    await again!();
    await other!();
  });
});
