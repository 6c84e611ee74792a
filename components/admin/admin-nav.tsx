"use client";
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin/teams", label: "Teams" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/audit", label: "Audit log" },
];

export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav
      aria-label="Administration"
      className="flex gap-1 border-b border-zinc-200 text-sm dark:border-zinc-800"
    >
      {LINKS.map(({ href, label }) => {
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={clsx(
              "-mb-px border-b-2 px-3 py-2",
              current
                ? "border-indigo-600 font-medium text-zinc-900 dark:text-white"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400",
            )}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
