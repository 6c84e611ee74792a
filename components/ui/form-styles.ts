// Shared classes for the app's forms, so every page's fields and buttons look alike.
/** A field's look without its width or border colour: the plan editor adds its own focus and error styles. */
export const FIELD_BASE = "rounded-lg border bg-white px-2.5 py-1.5 text-sm dark:bg-zinc-900";
export const FIELD_BORDER = "border-zinc-300 dark:border-zinc-700";
/** A field that keeps its own width (filters, inline settings). */
export const FIELD = `${FIELD_BASE} ${FIELD_BORDER}`;
export const INPUT = `w-full ${FIELD}`;
export const LABEL = "space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300";
export const PRIMARY_BUTTON =
  "rounded-lg bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-white dark:text-zinc-900 dark:hover:bg-zinc-200";
export const SECONDARY_BUTTON =
  "rounded-lg border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
export const ERROR =
  "rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300";
export const SUCCESS =
  "rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200";
