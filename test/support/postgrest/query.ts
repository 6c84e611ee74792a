// The request → SQL part of the test PostgREST: horizontal filters (eq, neq, gt, gte, lt, lte,
// in, is), order, limit, offset and a flat `select` column list, over a schema cache of
// public tables read once at start. Values stay text and are cast to the column's type in SQL,
// as PostgREST does.
import type postgres from "postgres";
import { badFilter, columnNotFound, type RestError } from "./errors";

export type SchemaCache = Map<string, Map<string, string>>; // table → column → SQL type

export async function loadSchemaCache(sql: postgres.Sql): Promise<SchemaCache> {
  const rows = await sql<{ table: string; column: string; type: string }[]>`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped`;
  const cache: SchemaCache = new Map();
  for (const row of rows) {
    if (!cache.has(row.table)) cache.set(row.table, new Map());
    cache.get(row.table)!.set(row.column, row.type);
  }
  return cache;
}

export class RequestError extends Error {
  constructor(readonly rest: RestError) {
    super(rest.body.message);
  }
}

const RESERVED = new Set(["select", "order", "limit", "offset", "on_conflict", "columns"]);
const OPERATORS: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
};

function column(table: string, columns: Map<string, string>, name: string): string {
  if (!columns.has(name)) throw new RequestError(columnNotFound(table, name));
  return name;
}

/** `(a,"b,c",d)` → ["a", "b,c", "d"]: PostgREST's list syntax, double quotes for reserved chars. */
function parseList(raw: string): string[] {
  if (!raw.startsWith("(") || !raw.endsWith(")")) throw new RequestError(badFilter(raw));
  const items: string[] = [];
  const inner = raw.slice(1, -1);
  let current = "";
  let quoted = false;
  for (let i = 0; i < inner.length; i += 1) {
    const ch = inner[i]!;
    if (ch === '"') quoted = !quoted;
    else if (ch === "\\" && quoted) current += inner[++i] ?? "";
    else if (ch === "," && !quoted) {
      items.push(current);
      current = "";
    } else current += ch;
  }
  if (inner.length > 0) items.push(current);
  return items;
}

/** WHERE conditions from the query string's filters (all ANDed, as PostgREST does). */
export function whereClause(
  sql: postgres.Sql,
  table: string,
  columns: Map<string, string>,
  params: URLSearchParams,
): postgres.PendingQuery<postgres.Row[]> {
  const conditions: postgres.PendingQuery<postgres.Row[]>[] = [];
  for (const [key, raw] of params) {
    if (RESERVED.has(key)) continue;
    const name = column(table, columns, key);
    const type = sql.unsafe(columns.get(name)!);
    const negated = raw.startsWith("not.");
    const expression = negated ? raw.slice(4) : raw;
    const dot = expression.indexOf(".");
    if (dot < 0) throw new RequestError(badFilter(`${key}=${raw}`));
    const op = expression.slice(0, dot);
    const value = expression.slice(dot + 1);
    let condition: postgres.PendingQuery<postgres.Row[]>;
    if (op in OPERATORS) {
      condition = sql`${sql(name)} ${sql.unsafe(OPERATORS[op]!)} ${value}::text::${type}`;
    } else if (op === "in") {
      const items = parseList(value);
      condition =
        items.length === 0
          ? sql`false`
          : sql`${sql(name)} = ANY(${items}::text[]::${sql.unsafe(`${columns.get(name)!}[]`)})`;
    } else if (op === "is") {
      const literal = { null: "NULL", true: "TRUE", false: "FALSE", unknown: "UNKNOWN" }[
        value.toLowerCase()
      ];
      if (!literal) throw new RequestError(badFilter(`${key}=${raw}`));
      condition = sql`${sql(name)} IS ${sql.unsafe(literal)}`;
    } else {
      throw new RequestError(badFilter(`${key}=${raw}`));
    }
    conditions.push(negated ? sql`NOT (${condition})` : condition);
  }
  if (conditions.length === 0) return sql``;
  const joined = conditions.reduce((acc, c) => sql`${acc} AND ${c}`);
  return sql`WHERE ${joined}`;
}

/** The `select` list: `*` or flat column names (no embedding, casts or aliases). */
export function selectList(
  sql: postgres.Sql,
  table: string,
  columns: Map<string, string>,
  raw: string | null,
): postgres.PendingQuery<postgres.Row[]> {
  const names = (raw ?? "*")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0 || names.includes("*")) return sql`*`;
  return sql`${sql(names.map((name) => column(table, columns, name)))}`;
}

/** ORDER BY from `order=a.desc.nullslast,b`. */
export function orderClause(
  sql: postgres.Sql,
  table: string,
  columns: Map<string, string>,
  raw: string | null,
): postgres.PendingQuery<postgres.Row[]> {
  if (!raw) return sql``;
  const terms = raw.split(",").map((term) => {
    const [name, ...modifiers] = term.split(".");
    const direction = modifiers.includes("desc") ? "DESC" : "ASC";
    const nulls = modifiers.includes("nullsfirst")
      ? " NULLS FIRST"
      : modifiers.includes("nullslast")
        ? " NULLS LAST"
        : "";
    return sql`${sql(column(table, columns, name!))} ${sql.unsafe(direction + nulls)}`;
  });
  return sql`ORDER BY ${terms.reduce((acc, t) => sql`${acc}, ${t}`)}`;
}

export function limitClause(
  sql: postgres.Sql,
  params: URLSearchParams,
): postgres.PendingQuery<postgres.Row[]> {
  const limit = params.get("limit");
  const offset = params.get("offset");
  const n = (v: string) => {
    if (!/^\d+$/.test(v)) throw new RequestError(badFilter(v));
    return Number(v);
  };
  return sql`${limit === null ? sql`` : sql`LIMIT ${n(limit)}`} ${offset === null ? sql`` : sql`OFFSET ${n(offset)}`}`;
}
