// The start-up check of a Supabase project: reachable, the key accepted, and every one of ELF's
// tables (with the columns the Control Center reads and writes) present. Anything but an
// unreachable project stops the start with a message that names the variable or the table.
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { StartupError } from "../startup-error";
import type { SupabaseConfig } from "./config";
import { classify } from "./errors";
import { OUTBOX_TABLES, REGISTRY_TABLES } from "./tables";

const CREATE_TABLES_HINT =
  "Create ELF's tables in the project: run ELF's SQL set-up (its team registry and chat interface " +
  "migrations) in the project's SQL editor, or run `DATABASE_URL=<the project's connection string> " +
  "npm run db:migrate` once, which adds only what is missing and keeps every row.";

export type ProjectCheck = { reachable: true } | { reachable: false; reason: string };

export async function checkProject(
  client: SupabaseClient,
  config: Pick<SupabaseConfig, "url" | "host" | "keyVariable">,
): Promise<ProjectCheck> {
  const tables: [string, readonly string[]][] = [
    ...Object.entries(REGISTRY_TABLES),
    ...Object.entries(OUTBOX_TABLES),
  ];
  for (const [table, columns] of tables) {
    const { error, status } = await client
      .from(table)
      .select(columns.join(","))
      .limit(1)
      .retry(false);
    if (!error) continue;
    const code = error.code ?? "";
    const said = [error.message, error.hint].filter(Boolean).join(" — ");
    const kind = classify(status, code);
    if (kind === "unreachable") return { reachable: false, reason: said || `HTTP ${status}` };
    if (kind === "key") {
      throw new StartupError(
        `The Supabase project at ${config.host} refused the key in ${config.keyVariable} (${said}).\n` +
          `Copy the project's service_role key (Project Settings → API) into ${config.keyVariable} ` +
          `or SUPABASE_SERVICE_ROLE_KEY, and check that SUPABASE_URL is that project's URL.`,
      );
    }
    if (kind === "missing_table") {
      throw new StartupError(
        `The Supabase project at ${config.host} has no table "${table}", one of ELF's tables.\n${CREATE_TABLES_HINT}`,
      );
    }
    if (kind === "missing_column") {
      throw new StartupError(
        `The Supabase project at ${config.host} has an older "${table}" table (${said}).\n${CREATE_TABLES_HINT}`,
      );
    }
    throw new StartupError(
      `SUPABASE_URL=${config.url} did not answer as a Supabase project (HTTP ${status}: ${said || "no PostgREST answer"}).\n` +
        `Set SUPABASE_URL to the project's URL from Project Settings → API, e.g. https://abcd.supabase.co.`,
    );
  }
  return { reachable: true };
}
