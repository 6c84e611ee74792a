// On /teams: a plan in this team's chat waits for the signed-in user's confirmation.
import { BellDot } from "lucide-react";
import Link from "next/link";

export function AwaitingMark({ teamName }: { teamName: string }) {
  return (
    <Link
      href="/decisions"
      aria-label={`Awaiting you: a plan from ${teamName} needs your confirmation`}
      className="inline-flex min-h-6 items-center gap-1 rounded-full bg-amber-100 px-2 text-xs font-medium text-amber-900 hover:bg-amber-200 dark:bg-amber-900/60 dark:text-amber-100 dark:hover:bg-amber-900"
    >
      <BellDot aria-hidden className="size-3.5" />
      Awaiting you
    </Link>
  );
}
