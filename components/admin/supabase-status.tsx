// Supabase mode on the admin page: which project, which key, whether the registry is fresh or
// stale, and how far behind the project is on conversations. Renders nothing in other modes.
import { formatDistanceStrict } from "date-fns";
import { getDb } from "@/lib/db/client";
import { readSupabaseStatus } from "@/lib/supabase/link";
import { LocalTime } from "../chat/local-time";
import { SupabaseRefreshButton } from "./supabase-refresh-button";

export async function SupabaseStatus() {
  const status = await readSupabaseStatus(getDb());
  if (!status) return null;
  const { outbox } = status;
  const now = new Date();
  return (
    <section
      aria-label="Supabase project"
      data-testid="supabase-status"
      className="space-y-1 rounded-xl border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">Supabase project</span>
        <code className="text-xs">{status.project_host}</code>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">{status.key_kind} key</span>
        <SupabaseRefreshButton />
      </p>
      <p
        data-testid="supabase-registry"
        className={
          status.stale ? "text-amber-800 dark:text-amber-200" : "text-zinc-600 dark:text-zinc-400"
        }
      >
        {status.stale
          ? "Registry stale: the project could not be read"
          : "Registry read from the project"}
        {status.last_refresh_at && (
          <>
            {" "}
            (last read{" "}
            <LocalTime iso={status.last_refresh_at.toISOString()} pattern="d MMM, HH:mm:ss" />)
          </>
        )}
        {status.stale && status.last_error && (
          <span className="block text-xs">{status.last_error}</span>
        )}
      </p>
      <p
        data-testid="supabase-outbox"
        className={
          outbox.pending > 0
            ? "text-amber-800 dark:text-amber-200"
            : "text-zinc-600 dark:text-zinc-400"
        }
      >
        {outbox.pending === 0
          ? "Conversations and audit: the project is up to date."
          : `Conversations and audit: ${outbox.pending} row(s) not yet in the project, the oldest waiting ${formatDistanceStrict(outbox.oldest_at ?? now, now)}.`}
        {outbox.pending > 0 && outbox.last_error && (
          <span className="block text-xs">{outbox.last_error}</span>
        )}
        {outbox.failed > 0 && (
          <span className="block text-xs text-red-700 dark:text-red-300">
            {outbox.failed} row(s) refused by the project are kept aside (cc_supabase_outbox,
            failed_at set).
          </span>
        )}
      </p>
    </section>
  );
}
