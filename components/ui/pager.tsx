// Previous / next links for a paged list, keeping the page's other query parameters (filters, search).
import Link from "next/link";
import { SECONDARY_BUTTON } from "./form-styles";

export function Pager({
  label,
  path,
  params,
  page,
  pageSize,
  total,
}: {
  /** What is paged, for the navigation's name: "Users", "Tasks". */
  label: string;
  path: string;
  /** The query the page was asked with; `page` is replaced. */
  params: Record<string, string | undefined>;
  page: number;
  pageSize: number;
  /** How many match over all pages. */
  total: number;
}) {
  const hrefOf = (target: number) => {
    const query = new URLSearchParams(
      Object.entries({ ...params, page: target > 1 ? String(target) : undefined }).filter(
        (entry): entry is [string, string] => Boolean(entry[1]),
      ),
    ).toString();
    return query ? `${path}?${query}` : path;
  };
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hasNext = page < pages;
  if (page === 1 && !hasNext) return null;
  return (
    <nav aria-label={`${label} pages`} className="flex flex-wrap items-center gap-3 text-sm">
      {page > 1 ? (
        <Link href={hrefOf(page - 1)} className={SECONDARY_BUTTON} rel="prev">
          Previous
        </Link>
      ) : null}
      <span className="text-zinc-600 dark:text-zinc-400">
        Page {page} of {pages}
      </span>
      {hasNext ? (
        <Link href={hrefOf(page + 1)} className={SECONDARY_BUTTON} rel="next">
          Next
        </Link>
      ) : null}
    </nav>
  );
}
