import type { ReactNode } from "react";

/** A plain table of items whose last column holds each row's actions (named for screen readers only); `children` is its <tbody>. */
export function ListTable({
  columns,
  children,
}: {
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800">
        <tr>
          {columns.map((column) => (
            <th key={column} className="py-2 font-medium">
              {column}
            </th>
          ))}
          <th className="py-2 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      {children}
    </table>
  );
}
