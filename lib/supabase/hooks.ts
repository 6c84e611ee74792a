// What Supabase mode adds to code that runs in every mode, without that code importing
// supabase-js: the server registers these at boot (on globalThis, since Next's route handlers
// are bundled apart but run in the same process); without Supabase mode there are none.
import "server-only";
import type { Db } from "../db/client";
import { ELF_TEAM_COLUMNS } from "./tables";

export type ElfTeamPatch = Partial<{
  enable_chat_interface: boolean;
  is_top_level: boolean;
  status: string;
  chat_config: Record<string, unknown>;
}>;

export interface SupabaseHooks {
  /** Writes these ELF columns of these teams to the project; throws AppError when it cannot. */
  writeTeamColumns(teams: { id: string; name: string }[], patch: ElfTeamPatch): Promise<void>;
  /** Reads the registry from the project now; resolves with the teams that changed. */
  refreshNow(): Promise<{ changed: string[] }>;
}

const GLOBAL_KEY = Symbol.for("elf-cc.supabase-hooks");
type Holder = { [GLOBAL_KEY]?: SupabaseHooks | null };

export function setSupabaseHooks(hooks: SupabaseHooks | null): void {
  (globalThis as Holder)[GLOBAL_KEY] = hooks;
}

export function getSupabaseHooks(): SupabaseHooks | null {
  return (globalThis as Holder)[GLOBAL_KEY] ?? null;
}

/** The part of a settings patch that lives in ELF's own columns. */
export function elfColumnsOf(patch: Record<string, unknown>): ElfTeamPatch {
  const picked: Record<string, unknown> = {};
  for (const column of ELF_TEAM_COLUMNS)
    if (patch[column] !== undefined) picked[column] = patch[column];
  return picked as ElfTeamPatch;
}

/**
 * In Supabase mode, writes the ELF columns of a change to the project before it is made here
 * (the project is the registry's source); a no-op otherwise or when no ELF column changes.
 */
export async function writeToProjectFirst(
  sql: Db,
  slugs: string[],
  patch: Record<string, unknown>,
): Promise<void> {
  const hooks = getSupabaseHooks();
  const elf = elfColumnsOf(patch);
  if (!hooks || slugs.length === 0 || Object.keys(elf).length === 0) return;
  const teams = await sql<{ id: string; name: string }[]>`
    SELECT id::text, name FROM teams WHERE name IN ${sql(slugs)} ORDER BY name`;
  // An unknown team stops the change here (it is refused below): the project is left alone.
  if (teams.length !== new Set(slugs).size) return;
  await hooks.writeTeamColumns(teams, elf);
}
