// The only reader of process.env: every variable is validated here, once, with a clear message.
import "server-only";
import { z } from "zod";
import { StartupError } from "./startup-error";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = (protocols: string[]) =>
  optionalString.refine(
    (v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)),
    `must be a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`,
  );

const intWithDefault = (fallback: number, min: number, max: number) =>
  optionalString
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .pipe(z.number().int(`must be a whole number`).min(min).max(max));

/** An IANA time zone name the runtime knows, e.g. "Europe/Paris". */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zone this machine runs in, which the organisation's defaults to. */
const serverTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

const secret = optionalString.refine(
  (v) => v === undefined || v.length >= 32,
  "must be at least 32 characters (try: openssl rand -base64 48)",
);

/** "https://cc.example.com, https://cc.internal:8443" → normalised origins (scheme://host[:port]). */
function parseOrigins(value: string | undefined, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const entry of (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (
      !url ||
      !/^https?:$/.test(url.protocol) ||
      url.origin !== entry.replace(/\/+$/, "").toLowerCase()
    ) {
      ctx.addIssue({
        code: "custom",
        message: `"${entry}" is not an origin like https://host[:port]`,
      });
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

/** "executive-team=http://localhost:8000,marketing-team=http://…" → { slug: url }. */
function parseTeamServerUrls(
  value: string | undefined,
  ctx: z.RefinementCtx,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [slug, url] = entry.split(/=(.*)/s).map((p) => p?.trim());
    if (!slug || !/^[a-z0-9][a-z0-9-]*$/.test(slug) || !url || !/^https?:\/\/[^\s]+$/.test(url)) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not team-slug=http(s)://host:port` });
      continue;
    }
    map[slug] = url.replace(/\/+$/, "");
  }
  return map;
}

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: optionalString.transform((v) => v ?? "0.0.0.0"),
    PORT: intWithDefault(3000, 0, 65535),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),

    DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
    SUPABASE_DB_URL: optionalUrl(["postgres", "postgresql"]),
    DATA_DIR: optionalString.transform((v) => v ?? "./data"),
    EMBEDDED_PG_PORT: intWithDefault(54329, 0, 65535),

    AUTH_SECRET: secret,
    JWT_SECRET_KEY: secret,
    CHAT_TOKEN_TTL_SECONDS: intWithDefault(3600, 60, 86400),

    ADMIN_EMAIL: optionalString.pipe(z.email("must be an email address").optional()),
    ADMIN_PASSWORD: optionalString.refine(
      (v) => v === undefined || v.length >= 8,
      "must be at least 8 characters",
    ),

    // Team managers: a model for the built-in managers, and teams served by ELF team servers.
    OPENAI_API_KEY: optionalString,
    ANTHROPIC_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl(["http", "https"]),
    LLM_MODEL: optionalString,
    // Whether built-in managers offer the model a tool for plans: "auto" tries and falls back to
    // plain text when the server refuses tools; "off" for servers without tool calling.
    LLM_TOOLS: optionalString
      .transform((v) => v?.toLowerCase() ?? "auto")
      .pipe(z.enum(["auto", "on", "off"], "must be auto, on or off")),
    // The organisation's time zone: the managers' "today", and how "by Friday" becomes a date.
    ORG_TIMEZONE: optionalString
      .transform((v) => v ?? serverTimeZone())
      .refine(isTimeZone, "must be an IANA time zone name, e.g. Europe/Paris or America/New_York"),
    TEAM_SERVER_URLS: optionalString.transform((v, ctx) => parseTeamServerUrls(v, ctx)),
    // How often teams reached over the network are checked (GET /health, /capabilities, agent card).
    TEAM_HEALTH_INTERVAL_SECONDS: intWithDefault(30, 1, 3600),
    // How long an ELF team server's chat session outlives the last browser tab, for a reload or a
    // dropped network to find the same conversation upstream. 0 ends it at once.
    ELF_SESSION_GRACE_SECONDS: intWithDefault(120, 0, 86400),

    // Per-user chat limits, on top of each team's chat_config.
    CHAT_MESSAGES_PER_MINUTE: intWithDefault(20, 1, 10_000),
    CHAT_MAX_CONNECTIONS_PER_USER: intWithDefault(10, 1, 10_000),

    // Where people reach the app, as the browser's Origin says it (comma-separated). Empty: the
    // request's own Host. Set it behind a proxy that rewrites Host; state-changing requests from
    // any other origin are refused (CSRF).
    APP_ORIGIN: optionalString.transform((v, ctx) => parseOrigins(v, ctx)),
    // Believe X-Forwarded-For/-Proto/-Host from the proxy in front (HTTPS → HSTS, Secure cookies;
    // the client's address for sign-in throttling). Off: those headers are dropped.
    TRUST_PROXY: optionalString
      .transform((v) => v?.toLowerCase() ?? "false")
      .pipe(z.enum(["true", "false", "1", "0"], "must be true or false"))
      .transform((v) => v === "true" || v === "1"),

    // Shared by every instance of a fleet (Socket.IO adapter, limits, chat session ownership).
    REDIS_URL: optionalUrl(["redis", "rediss"]),

    // Prometheus text at GET /metrics for requests that carry this bearer secret; empty: no /metrics.
    METRICS_TOKEN: secret,
    // OpenTelemetry traces over OTLP/HTTP (the SDK also reads the other OTEL_* variables itself).
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(["http", "https"]),
    OTEL_SERVICE_NAME: optionalString.transform((v) => v ?? "elf-control-center"),

    // Supabase mode (used when neither DATABASE_URL nor SUPABASE_DB_URL is set): ELF's project,
    // reached through supabase-js with the first key set, in this order. Server-side only.
    SUPABASE_URL: optionalUrl(["http", "https"]),
    SUPABASE_SERVICE_ROLE_KEY: optionalString,
    SUPABASE_SERVICE_KEY: optionalString,
    SUPABASE_SECRET_KEY: optionalString,
    SUPABASE_KEY: optionalString,
    SUPABASE_ANON_KEY: optionalString,
    // How often ELF's registry is read again from the project into the local mirror.
    SUPABASE_REFRESH_SECONDS: intWithDefault(30, 1, 86400),

    TEST_DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
  })
  .superRefine((env, ctx) => {
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [env.ADMIN_EMAIL === undefined ? "ADMIN_EMAIL" : "ADMIN_PASSWORD"],
        message: "ADMIN_EMAIL and ADMIN_PASSWORD must be set together",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends StartupError {
  override name = "EnvError";
}

/** Parses an environment; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`,
  );
  throw new EnvError(`Invalid environment variables:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The external database URL, when one is configured; otherwise the embedded server is used. */
export function externalDatabaseUrl(env: Env): string | undefined {
  return env.DATABASE_URL ?? env.SUPABASE_DB_URL;
}
