// A search box as a plain GET form: it works without JavaScript and the URL says what is shown.
// Other query parameters (filters) ride along; a new search starts at the first page.
import Link from "next/link";
import { INPUT, PRIMARY_BUTTON } from "./form-styles";

export function SearchForm({
  label,
  path,
  q,
  keep = {},
  placeholder,
}: {
  /** The search's accessible name: "Search users". */
  label: string;
  path: string;
  q: string | undefined;
  keep?: Record<string, string | undefined>;
  placeholder: string;
}) {
  const kept = new URLSearchParams(
    Object.entries(keep).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  return (
    <form method="get" action={path} role="search" aria-label={label} className="flex gap-2">
      {Object.entries(keep).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      <input
        type="search"
        name="q"
        defaultValue={q}
        aria-label={label}
        placeholder={placeholder}
        className={`${INPUT} max-w-xs`}
      />
      <button type="submit" className={PRIMARY_BUTTON}>
        Search
      </button>
      {q && (
        <Link
          href={kept ? `${path}?${kept}` : path}
          className="self-center text-sm text-zinc-600 underline underline-offset-2 dark:text-zinc-400"
        >
          Clear search
        </Link>
      )}
    </form>
  );
}
