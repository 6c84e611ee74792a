"use client";
// Light, dark or the system's setting: three radio buttons, so arrows move between them and a
// screen reader hears which one is chosen. Unchosen until mounted: the server cannot know.
import clsx from "clsx";
import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";

const OPTIONS = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "System", Icon: Monitor },
] as const;

const noop = () => () => {};

export function ThemeSwitch() {
  const { theme, setTheme } = useTheme();
  const isMounted = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  return (
    <fieldset className="flex items-center gap-0.5 rounded-lg border border-zinc-300 p-0.5 dark:border-zinc-700">
      <legend className="sr-only">Theme</legend>
      {OPTIONS.map(({ value, label, Icon }) => {
        const checked = isMounted && theme === value;
        return (
          <label
            key={value}
            title={`${label} theme`}
            className={clsx(
              "relative inline-flex size-7 cursor-pointer items-center justify-center rounded-md has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-indigo-500",
              checked
                ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900"
                : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            <input
              type="radio"
              name="theme"
              value={value}
              checked={checked}
              onChange={() => setTheme(value)}
              className="sr-only"
            />
            <Icon aria-hidden className="size-4" />
            <span className="sr-only">{label}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
