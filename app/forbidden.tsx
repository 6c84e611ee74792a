import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl space-y-4 px-6 py-16">
      <h1 className="text-2xl font-semibold">You do not have access to this page</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        It is for administrators. Ask an admin of your Control Center if you need it.
      </p>
      <Link
        href="/teams"
        className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
      >
        Back to teams
      </Link>
    </main>
  );
}
