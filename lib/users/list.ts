// The admin page's user list: a page at a time, searched by email or name, oldest first.
import "server-only";
import { containsPattern, offsetOf, PAGE_SIZE, type ListPage, type Paged } from "../pagination";
import type { Sql } from "../db/client";
import { userRowSchema, type User } from "./schemas";
import { toUser } from "./service";

export async function listUsersPage(sql: Sql, { q, page }: ListPage): Promise<Paged<User>> {
  const rows = await sql`
    SELECT id::text, email, name, role, password_hash, disabled_at, created_at, session_version,
      count(*) OVER ()::int AS total
    FROM cc_users
    WHERE true ${q ? sql`AND (email ILIKE ${containsPattern(q)} OR name ILIKE ${containsPattern(q)})` : sql``}
    ORDER BY created_at, email
    LIMIT ${PAGE_SIZE} OFFSET ${offsetOf(page)}`;
  const total = rows.length > 0 ? Number(rows[0]!.total) : await countUsers(sql, q);
  return {
    items: rows.map((row) => toUser(userRowSchema.parse(row))),
    total,
    page,
    pageSize: PAGE_SIZE,
  };
}

/** Past the last page there are no rows to carry the total: count apart. */
async function countUsers(sql: Sql, q: string | undefined): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM cc_users
    WHERE true ${q ? sql`AND (email ILIKE ${containsPattern(q)} OR name ILIKE ${containsPattern(q)})` : sql``}`;
  return row?.n ?? 0;
}
