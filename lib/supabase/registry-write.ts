// An admin's change to ELF's columns of a team, written to the project through supabase-js.
// chat_config is merged as it is here: the given keys change, keys ELF added are kept.
import "server-only";
import type { SupabaseClient } from "@supabase/supabase-js";
import { AppError } from "../errors";
import { SupabaseRequestError, unwrap } from "./errors";
import type { ElfTeamPatch } from "./hooks";

function asAppError(error: unknown, host: string): unknown {
  if (!(error instanceof SupabaseRequestError)) return error;
  if (error.kind === "unreachable")
    return new AppError(
      "unavailable",
      `The Supabase project at ${host} could not be reached, so nothing was changed. Try again when it is back.`,
      "supabase_unreachable",
    );
  if (error.kind === "key")
    return new AppError(
      "unavailable",
      `The Supabase project at ${host} refused the change with this key, so nothing was changed.`,
      "supabase_refused",
    );
  return new AppError("bad_request", `The Supabase project refused the change: ${error.message}`);
}

export async function writeTeamColumns(
  client: SupabaseClient,
  host: string,
  teams: { id: string; name: string }[],
  patch: ElfTeamPatch,
): Promise<void> {
  try {
    for (const team of teams) {
      const update: Record<string, unknown> = { ...patch };
      if (patch.chat_config) {
        const [current] = unwrap(
          await client.from("teams").select("chat_config").eq("id", team.id),
          `reading ${team.name}`,
        ) as { chat_config: Record<string, unknown> | null }[];
        update.chat_config = { ...(current?.chat_config ?? {}), ...patch.chat_config };
      }
      const updated = unwrap(
        await client.from("teams").update(update).eq("id", team.id).select("id"),
        `changing ${team.name}`,
      ) as unknown[];
      if (updated.length === 0) {
        throw new AppError(
          "conflict",
          `The Supabase project has no team ${team.name} it lets this key change (it may have been removed there); nothing more was changed.`,
          "supabase_row_missing",
        );
      }
    }
  } catch (error) {
    throw asAppError(error, host);
  }
}
