// Supabase mode, as ELF configures its own services: SUPABASE_URL and a key, no connection string.
// Decided once from the environment; the key stays on the server and is never logged.
import "server-only";
import { externalDatabaseUrl, type Env } from "../env";
import { StartupError } from "../startup-error";

/** Looked up in this order; the first one set is used. */
export const SUPABASE_KEY_VARIABLES = [
  "SUPABASE_SERVICE_ROLE_KEY",
  "SUPABASE_SERVICE_KEY",
  "SUPABASE_SECRET_KEY",
  "SUPABASE_KEY",
  "SUPABASE_ANON_KEY",
] as const;
export type SupabaseKeyVariable = (typeof SUPABASE_KEY_VARIABLES)[number];

/** What the key is, read from its shape: a legacy JWT's role claim or the new sb_… prefixes. */
export type SupabaseKeyKind = "service_role" | "secret" | "anon" | "publishable" | "unknown";

export interface SupabaseConfig {
  url: string;
  /** The project's host, e.g. abcd.supabase.co: what the banner and the admin page name. */
  host: string;
  key: string;
  keyVariable: SupabaseKeyVariable;
  keyKind: SupabaseKeyKind;
  /** A public key (anon / publishable): ELF's tables accept its writes, so anyone holding it can write. */
  publicKey: boolean;
  refreshSeconds: number;
}

export function keyKind(key: string): SupabaseKeyKind {
  if (key.startsWith("sb_secret_")) return "secret";
  if (key.startsWith("sb_publishable_")) return "publishable";
  const [, payload] = key.split(".");
  if (!payload) return "unknown";
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      role?: unknown;
    };
    if (claims.role === "service_role") return "service_role";
    if (claims.role === "anon") return "anon";
  } catch {
    // Not a JWT: the variable's name is all we know.
  }
  return "unknown";
}

/**
 * The project to adopt, or null when Supabase mode is off: a DATABASE_URL or SUPABASE_DB_URL
 * wins (the project is then reached as PostgreSQL). Half a configuration stops the start.
 */
export function supabaseConfig(env: Env): SupabaseConfig | null {
  if (externalDatabaseUrl(env)) return null;
  const keyVariable = SUPABASE_KEY_VARIABLES.find((name) => env[name] !== undefined);
  if (!env.SUPABASE_URL && !keyVariable) return null;
  if (!env.SUPABASE_URL) {
    throw new StartupError(
      `${keyVariable} is set but SUPABASE_URL is not. Set SUPABASE_URL to the project's URL ` +
        `(Supabase dashboard → Project Settings → API, e.g. https://abcd.supabase.co), or unset ${keyVariable}.`,
    );
  }
  if (!keyVariable) {
    throw new StartupError(
      `SUPABASE_URL is set but no key is. Set SUPABASE_SERVICE_ROLE_KEY (or, with less safety, ` +
        `SUPABASE_ANON_KEY) to a key of that project (Project Settings → API), or set DATABASE_URL instead.`,
    );
  }
  const key = env[keyVariable]!;
  const kind = keyKind(key);
  const url = env.SUPABASE_URL.replace(/\/+$/, "");
  return {
    url,
    host: new URL(url).host,
    key,
    keyVariable,
    keyKind: kind,
    publicKey:
      kind === "anon" ||
      kind === "publishable" ||
      (kind === "unknown" && keyVariable === "SUPABASE_ANON_KEY"),
    refreshSeconds: env.SUPABASE_REFRESH_SECONDS,
  };
}

/** "service_role key from SUPABASE_SERVICE_ROLE_KEY": how the banner and the admin page name the key. */
export function describeKey(config: Pick<SupabaseConfig, "keyKind" | "keyVariable">): string {
  const kind = config.keyKind === "unknown" ? "a key" : `${config.keyKind} key`;
  return `${kind} from ${config.keyVariable}`;
}
