// The CLI in Supabase mode: its changes to ELF's columns go to the project first, as the admin
// page's do (the running server's outbox then sends the audit rows the CLI stored).
import type { Sql } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { createSupabaseClient } from "@/lib/supabase/client";
import { supabaseConfig } from "@/lib/supabase/config";
import { setSupabaseHooks } from "@/lib/supabase/hooks";
import { refreshMirror } from "@/lib/supabase/mirror";
import { writeTeamColumns } from "@/lib/supabase/registry-write";

export function adoptProjectForCli(env: Env, sql: Sql): void {
  const config = supabaseConfig(env);
  if (!config) return;
  const client = createSupabaseClient(config);
  setSupabaseHooks({
    writeTeamColumns: (teams, patch) => writeTeamColumns(client, config.host, teams, patch),
    refreshNow: async () => ({ changed: (await refreshMirror(client, sql)).changed }),
  });
}
