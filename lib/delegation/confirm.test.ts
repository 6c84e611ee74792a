import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { oneAnswerAtATime } from "./confirm";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
});
afterAll(() => db.drop());

describe("oneAnswerAtATime", () => {
  it("lets one answer to a plan run at a time, even from separate connections, and others in parallel", async () => {
    const log: string[] = [];
    const answer = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      oneAnswerAtATime(db.sql, "plan-a", answer("confirm")),
      oneAnswerAtATime(db.sql, "plan-a", answer("cancel")),
      oneAnswerAtATime(db.sql, "plan-b", answer("other")),
    ]);
    expect(results).toEqual(["confirm", "cancel", "other"]);
    const a = log.filter((entry) => !entry.startsWith("other"));
    // Serialised: whichever went first ended before the second started.
    expect([
      a[0]!.split(" ")[1],
      a[1]!.split(" ")[1],
      a[2]!.split(" ")[1],
      a[3]!.split(" ")[1],
    ]).toEqual(["start", "end", "start", "end"]);
    // A different plan did not wait.
    expect(log.indexOf("other start")).toBeLessThan(log.indexOf("confirm end"));
  });

  it("releases the lock when the answer fails", async () => {
    await expect(
      oneAnswerAtATime(db.sql, "plan-c", async () => Promise.reject(new Error("team server down"))),
    ).rejects.toThrow("team server down");
    expect(await oneAnswerAtATime(db.sql, "plan-c", async () => "again")).toBe("again");
  });
});
