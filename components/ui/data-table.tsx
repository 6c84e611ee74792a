import type { ReactNode } from "react";

/**
 * A bordered table with a caption for screen readers; `children` is its <tbody>. Below `md` its
 * rows show as cards (globals.css, .cards-below-md): give each cell `data-label` with its column.
 */
export function DataTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="rounded-xl border border-zinc-200 md:overflow-x-auto dark:border-zinc-800">
      <table className="cards-below-md w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-100 text-xs text-zinc-700 uppercase dark:bg-zinc-900 dark:text-zinc-300">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="px-3 py-2 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}
