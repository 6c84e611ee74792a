// Pages and search for the long lists (users, teams, tasks, audit), read from a page's query
// string: a value that does not parse falls back to the first page or no search, never an error.
import { z } from "zod";

export const PAGE_SIZE = 50;

export const listPageSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
});
export type ListPage = z.infer<typeof listPageSchema>;

/** The page and search of a query string (Next's searchParams, a value per key). */
export function readListPage(params: Record<string, string | string[] | undefined>): ListPage {
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return listPageSchema.parse({ page: one(params.page), q: one(params.q) });
}

/** A LIKE pattern matching the text anywhere, its wildcards taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[%_\\]/g, "\\$&")}%`;

export interface Paged<T> {
  items: T[];
  /** How many match over all pages. */
  total: number;
  page: number;
  pageSize: number;
}

export const offsetOf = (page: number, pageSize = PAGE_SIZE) => (page - 1) * pageSize;

/** One page of a list already in memory (teams: tens of rows). */
export function pageOf<T>(items: T[], page: number, pageSize = PAGE_SIZE): Paged<T> {
  const start = offsetOf(page, pageSize);
  return { items: items.slice(start, start + pageSize), total: items.length, page, pageSize };
}
