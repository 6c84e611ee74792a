import clsx from "clsx";

const STYLES: Record<string, string> = {
  active: "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  inactive: "bg-amber-50 text-amber-700 dark:bg-amber-950 dark:text-amber-300",
  archived: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400",
};

export function StatusPill({ status }: { status: string }) {
  return (
    <span className={clsx("rounded px-1.5 py-0.5 text-xs", STYLES[status] ?? STYLES.archived)}>
      {status}
    </span>
  );
}
