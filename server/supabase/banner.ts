// The terminal lines that say which Supabase project this Control Center adopted, and how.
import { describeKey } from "@/lib/supabase/config";
import type { SupabaseConnection } from "@/lib/supabase/connect";

export function printSupabaseBanner({ config, staleAtStart }: SupabaseConnection): void {
  const lines = [
    `  Supabase project  ${config.host} (${describeKey(config)})`,
    `  ELF registry      ${staleAtStart ? "UNREACHABLE: working on the copy last read (stale)" : "read from the project; conversations are written to it"}`,
  ];
  if (config.publicKey) {
    lines.push(
      "",
      `  Warning: ${config.keyVariable} is a public key. ELF's tables accept its writes, so anyone`,
      "  who holds that key can change them. Set SUPABASE_SERVICE_ROLE_KEY instead.",
    );
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
}
