// The body of the 404 and 403 pages: the app's header (or, signed out, the brand and a way to sign
// in), what happened in words, and ways back.
import Link from "next/link";
import type { ReactNode } from "react";
import { getCurrentUser } from "@/lib/auth/current-user";
import { SiteHeader } from "../site-header";

const LINK = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";

export async function ErrorPage({
  code,
  title,
  children,
}: {
  code: number;
  title: string;
  children: ReactNode;
}) {
  const user = await getCurrentUser();
  return (
    <>
      {user ? (
        <SiteHeader user={user} />
      ) : (
        <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div className="mx-auto flex max-w-6xl items-center px-4 py-3 sm:px-6">
            <Link href="/teams" className="font-semibold">
              ELF Control Center
            </Link>
          </div>
        </header>
      )}
      <main className="mx-auto max-w-xl space-y-4 px-4 py-16 sm:px-6">
        <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">Error {code}</p>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <div className="text-zinc-600 dark:text-zinc-400">{children}</div>
        <nav aria-label="Ways back" className="flex flex-wrap gap-x-6 gap-y-2">
          {user ? (
            <>
              <Link href="/teams" className={LINK}>
                Back to teams
              </Link>
              <Link href="/tasks" className={LINK}>
                Tasks
              </Link>
            </>
          ) : (
            <Link href="/login" className={LINK}>
              Sign in
            </Link>
          )}
        </nav>
      </main>
    </>
  );
}
