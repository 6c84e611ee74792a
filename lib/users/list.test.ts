// The paged, searchable lists of the admin pages: users by email or name, audit entries by words,
// each a page at a time with the total over all pages.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { auditQuerySchema, countAuditEntries, listAuditEntries } from "../audit/query";
import { PAGE_SIZE, readListPage } from "../pagination";
import { addUser } from "./admin";
import { listUsersPage } from "./list";

let db: TestDatabase;
const actor = { id: null, email: "cli:tester" };

beforeAll(async () => {
  db = await createTestDatabase(inject("pgAdminUrl"));
  for (let i = 0; i < PAGE_SIZE + 5; i += 1) {
    await addUser(
      db.sql,
      {
        email: `person-${String(i).padStart(3, "0")}@example.test`,
        name: i === 7 ? "Ada 100%_Lovelace" : undefined,
        password: "a-password-1",
        role: "user",
      },
      actor,
    );
  }
});
afterAll(() => db.drop());

describe("readListPage", () => {
  it("reads the page and search, falling back to the first page and no search", () => {
    expect(readListPage({ page: "3", q: "  ada " })).toEqual({ page: 3, q: "ada" });
    expect(readListPage({ page: "zero", q: "" })).toEqual({ page: 1, q: undefined });
    expect(readListPage({ page: ["2", "9"] })).toEqual({ page: 2, q: undefined });
  });
});

describe("listUsersPage", () => {
  it("pages through every user, oldest first, with the total", async () => {
    const first = await listUsersPage(db.sql, { page: 1, q: undefined });
    const second = await listUsersPage(db.sql, { page: 2, q: undefined });
    expect(first.total).toBe(PAGE_SIZE + 5);
    expect(first.items).toHaveLength(PAGE_SIZE);
    expect(second.items.map((u) => u.email)).toEqual(
      [50, 51, 52, 53, 54].map((i) => `person-0${i}@example.test`),
    );
    expect(second.items[0]).not.toHaveProperty("password_hash");
    const beyond = await listUsersPage(db.sql, { page: 9, q: undefined });
    expect(beyond).toMatchObject({ items: [], total: PAGE_SIZE + 5 });
  });

  it("searches emails and names, taking % and _ literally", async () => {
    const byEmail = await listUsersPage(db.sql, { page: 1, q: "PERSON-01" });
    expect(byEmail.total).toBe(10);
    const byName = await listUsersPage(db.sql, { page: 1, q: "100%_" });
    expect(byName.items.map((u) => u.email)).toEqual(["person-007@example.test"]);
    expect((await listUsersPage(db.sql, { page: 1, q: "1%0" })).total).toBe(0);
  });
});

describe("audit entries", () => {
  it("are searched in their words and paged with a total", async () => {
    const query = auditQuerySchema.parse({ q: "created", limit: 20 });
    const total = await countAuditEntries(db.sql, query);
    expect(total).toBe(PAGE_SIZE + 5);
    const last = auditQuerySchema.parse({ q: "created", limit: 20, page: 3 });
    expect(await listAuditEntries(db.sql, last)).toHaveLength(PAGE_SIZE + 5 - 40);
    const none = auditQuerySchema.parse({ q: "nothing like this" });
    expect(await countAuditEntries(db.sql, none)).toBe(0);
  });
});
