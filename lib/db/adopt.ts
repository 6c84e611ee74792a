// Builds DDL that adopts a table which may already exist with data (an ELF database): it creates
// the table when missing, then adds only the columns and unique keys that are missing.
import "server-only";
export interface ColumnSpec {
  /** Type and constraints, e.g. "varchar(255) NOT NULL DEFAULT 'active'". */
  type: string;
  /** Only used when the table is created; columns added later cannot be NOT NULL without a default. */
  notNull?: boolean;
  default?: string;
  references?: string;
}

export interface TableSpec {
  name: string;
  primaryKey: string;
  columns: Record<string, ColumnSpec>;
  /** Unique keys; an equivalent existing index or constraint (any name) is reused. */
  unique?: string[][];
  indexes?: string[][];
  /** Maintain updated_at with a trigger. */
  touchUpdatedAt?: boolean;
}

function columnDdl(name: string, column: ColumnSpec, creating: boolean): string {
  const parts = [`"${name}"`, column.type];
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull && (creating || column.default !== undefined)) parts.push("NOT NULL");
  if (column.references) parts.push(`REFERENCES ${column.references}`);
  return parts.join(" ");
}

export function adoptTableSql(spec: TableSpec): string {
  const statements = [
    `CREATE TABLE IF NOT EXISTS "${spec.name}" (${[
      spec.primaryKey,
      ...Object.entries(spec.columns).map(([name, column]) => columnDdl(name, column, true)),
    ].join(", ")})`,
    ...Object.entries(spec.columns).map(
      ([name, column]) =>
        `ALTER TABLE "${spec.name}" ADD COLUMN IF NOT EXISTS ${columnDdl(name, column, false)}`,
    ),
    ...(spec.unique ?? []).map(
      (cols) =>
        `SELECT cc_ensure_unique('"${spec.name}"', ARRAY[${cols.map((c) => `'${c}'`).join(", ")}], '${spec.name}_${cols.join("_")}_key')`,
    ),
    ...(spec.indexes ?? []).map(
      (cols) =>
        `CREATE INDEX IF NOT EXISTS "${spec.name}_${cols.join("_")}_idx" ON "${spec.name}" (${cols.map((c) => `"${c}"`).join(", ")})`,
    ),
  ];
  if (spec.touchUpdatedAt) {
    statements.push(
      `CREATE OR REPLACE TRIGGER "${spec.name}_touch_updated_at" BEFORE UPDATE ON "${spec.name}" FOR EACH ROW EXECUTE FUNCTION cc_touch_updated_at()`,
    );
  }
  return statements.map((s) => `${s};`).join("\n");
}

/** Helpers the adoption DDL relies on; created first, replaced idempotently. */
export const ADOPTION_HELPERS_SQL = `
CREATE OR REPLACE FUNCTION cc_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION cc_ensure_unique(tbl regclass, cols text[], index_name text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  wanted text[] := (SELECT array_agg(c ORDER BY c) FROM unnest(cols) AS c);
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_index i
    WHERE i.indrelid = tbl AND i.indisunique
      AND (SELECT array_agg(a.attname::text ORDER BY a.attname)
           FROM pg_attribute a WHERE a.attrelid = tbl AND a.attnum = ANY (i.indkey)) = wanted
  ) THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE UNIQUE INDEX %I ON %s (%s)', index_name, tbl,
    (SELECT string_agg(quote_ident(c), ', ') FROM unnest(cols) AS c));
END $$;
`;
