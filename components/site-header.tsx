import Link from "next/link";
import { signOut } from "@/lib/auth/config";
import type { User } from "@/lib/users/schemas";

export function SiteHeader({ user }: { user: User }) {
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/login" });
  }
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3">
        <nav aria-label="Main" className="flex items-center gap-6">
          <Link href="/teams" className="font-semibold">
            ELF Control Center
          </Link>
          <Link
            href="/teams"
            className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
          >
            Teams
          </Link>
          <Link
            href="/tasks"
            className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
          >
            Tasks
          </Link>
          {user.role === "admin" && (
            <Link
              href="/admin/teams"
              className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
            >
              Admin
            </Link>
          )}
        </nav>
        <div className="flex items-center gap-3 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400">
            {user.email}{" "}
            <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
              {user.role}
            </span>
          </span>
          <Link
            href="/settings/tokens"
            className="rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            API tokens
          </Link>
          <form action={signOutAction}>
            <button
              type="submit"
              className="rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
