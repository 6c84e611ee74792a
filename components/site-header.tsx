// The app's header on every signed-in page: the brand, the main links, the theme and the account.
// Below `sm` everything but the brand folds into a menu (ShellMenu).
import Link from "next/link";
import { signOut } from "@/lib/auth/config";
import type { User } from "@/lib/users/schemas";
import { ShellMenu } from "./shell/shell-menu";
import { ThemeSwitch } from "./shell/theme-switch";

const NAV_LINK =
  "rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 sm:py-1 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white";

export function SiteHeader({ user }: { user: User }) {
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/login" });
  }
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 px-4 py-3 sm:flex-nowrap sm:px-6">
        <Link href="/teams" className="shrink-0 font-semibold">
          ELF Control Center
        </Link>
        <ShellMenu>
          <nav aria-label="Main" className="flex flex-col gap-1 sm:flex-row sm:items-center">
            <Link href="/teams" className={NAV_LINK}>
              Teams
            </Link>
            {user.role !== "viewer" && (
              <Link href="/decisions" className={NAV_LINK}>
                Decisions
              </Link>
            )}
            <Link href="/chats" className={NAV_LINK}>
              Chats
            </Link>
            <Link href="/tasks" className={NAV_LINK}>
              Tasks
            </Link>
            {user.role === "admin" && (
              <Link href="/admin/teams" className={NAV_LINK}>
                Admin
              </Link>
            )}
          </nav>
          <div className="flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-3 text-sm sm:flex-nowrap sm:border-0 sm:pt-0 dark:border-zinc-800">
            <span className="min-w-0 basis-full truncate text-zinc-600 sm:basis-auto dark:text-zinc-400">
              {user.email}{" "}
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                {user.role}
              </span>
            </span>
            <ThemeSwitch />
            <Link
              href="/settings/tokens"
              className="rounded-md px-2 py-1.5 whitespace-nowrap hover:bg-zinc-100 sm:py-1 dark:hover:bg-zinc-800"
            >
              API tokens
            </Link>
            <form action={signOutAction}>
              <button
                type="submit"
                className="rounded-md px-2 py-1.5 whitespace-nowrap hover:bg-zinc-100 sm:py-1 dark:hover:bg-zinc-800"
              >
                Sign out
              </button>
            </form>
          </div>
        </ShellMenu>
      </div>
    </header>
  );
}
