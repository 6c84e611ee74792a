import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { StartupError } from "../startup-error";
import { keyKind, supabaseConfig } from "./config";

const jwt = (role: string) =>
  `e30.${Buffer.from(JSON.stringify({ role })).toString("base64url")}.sig`;
const config = (vars: Record<string, string>) => supabaseConfig(parseEnv(vars));

describe("supabaseConfig", () => {
  it("takes the first key set in ELF's order: service role, service, secret, key, anon", () => {
    const all = {
      SUPABASE_URL: "https://abcd.supabase.co/",
      SUPABASE_ANON_KEY: "anon",
      SUPABASE_KEY: "key",
      SUPABASE_SECRET_KEY: "secret",
      SUPABASE_SERVICE_KEY: "service",
      SUPABASE_SERVICE_ROLE_KEY: "service-role",
    };
    const order = [
      "SUPABASE_SERVICE_ROLE_KEY",
      "SUPABASE_SERVICE_KEY",
      "SUPABASE_SECRET_KEY",
      "SUPABASE_KEY",
      "SUPABASE_ANON_KEY",
    ] as const;
    const vars: Record<string, string> = { ...all };
    for (const name of order) {
      expect(config(vars)).toMatchObject({
        keyVariable: name,
        url: "https://abcd.supabase.co",
        host: "abcd.supabase.co",
      });
      delete vars[name];
    }
  });

  it("is off when a connection string is set, and refuses half a configuration", () => {
    expect(
      config({
        SUPABASE_URL: "https://a.supabase.co",
        SUPABASE_KEY: "k",
        SUPABASE_DB_URL: "postgres://x/y",
      }),
    ).toBeNull();
    expect(config({})).toBeNull();
    expect(() => config({ SUPABASE_URL: "https://a.supabase.co" })).toThrow(StartupError);
    expect(() => config({ SUPABASE_KEY: "k" })).toThrow(/SUPABASE_URL is not/);
  });

  it("tells a public key from a secret one", () => {
    expect(keyKind(jwt("anon"))).toBe("anon");
    expect(keyKind(jwt("service_role"))).toBe("service_role");
    expect(keyKind("sb_publishable_abc")).toBe("publishable");
    expect(keyKind("sb_secret_abc")).toBe("secret");
    expect(
      config({ SUPABASE_URL: "https://a.supabase.co", SUPABASE_KEY: jwt("anon") })?.publicKey,
    ).toBe(true);
    expect(
      config({ SUPABASE_URL: "https://a.supabase.co", SUPABASE_ANON_KEY: "opaque" })?.publicKey,
    ).toBe(true);
    expect(
      config({ SUPABASE_URL: "https://a.supabase.co", SUPABASE_KEY: "sb_secret_x" })?.publicKey,
    ).toBe(false);
  });
});
