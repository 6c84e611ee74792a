import type { ReactNode } from "react";

/**
 * A plain table of items whose last column holds each row's actions (named for screen readers
 * only); `children` is its <tbody>. Below `md` its rows show as cards (globals.css): give each
 * cell `data-label` with its column.
 */
export function ListTable({
  columns,
  children,
}: {
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="md:overflow-x-auto">
      <table className="cards-below-md w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            {columns.map((column) => (
              <th key={column} className="py-2 pr-3 font-medium">
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
    </div>
  );
}
