"use client";
// Below `sm` the header's links and account controls fold behind a Menu button; from `sm` up
// they are always shown and the button is gone. The menu closes on navigation (it belongs to the
// path it was opened on) and on Escape.
import clsx from "clsx";
import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useId, useState, type ReactNode } from "react";

export function ShellMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [openAt, setOpenAt] = useState<string | null>(null);
  const isOpen = openAt === pathname;
  const panelId = useId();

  return (
    <>
      <button
        type="button"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setOpenAt(isOpen ? null : pathname)}
        className="ml-auto inline-flex min-h-9 items-center gap-1.5 rounded-lg border border-zinc-300 px-2.5 text-sm font-medium sm:hidden dark:border-zinc-700"
      >
        {isOpen ? <X aria-hidden className="size-4" /> : <Menu aria-hidden className="size-4" />}
        Menu
      </button>
      <div
        id={panelId}
        onKeyDown={(event) => {
          if (event.key === "Escape" && isOpen) setOpenAt(null);
        }}
        className={clsx(
          "w-full flex-col gap-3 pt-3 sm:flex sm:w-auto sm:flex-1 sm:flex-row sm:items-center sm:justify-between sm:gap-6 sm:pt-0",
          isOpen ? "flex" : "hidden",
        )}
      >
        {children}
      </div>
    </>
  );
}
