import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("fills defaults for an empty environment", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: "0.0.0.0",
      DATA_DIR: "./data",
      CHAT_TOKEN_TTL_SECONDS: 3600,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats blank values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  ", PORT: "" }).PORT).toBe(3000);
  });

  it("names every bad variable in one error", () => {
    const attempt = () =>
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", JWT_SECRET_KEY: "short" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/DATABASE_URL: must be a URL starting with postgres:\/\//);
    expect(attempt).toThrow(/JWT_SECRET_KEY: must be at least 32 characters/);
  });

  it("requires ADMIN_EMAIL and ADMIN_PASSWORD together", () => {
    expect(() => parseEnv({ ADMIN_EMAIL: "a@b.co" })).toThrow(
      /ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together/,
    );
    expect(parseEnv({ ADMIN_EMAIL: "a@b.co", ADMIN_PASSWORD: "long-enough" }).ADMIN_EMAIL).toBe(
      "a@b.co",
    );
  });

  it("takes the organisation's time zone as an IANA name, the server's own by default", () => {
    expect(parseEnv({ ORG_TIMEZONE: "Pacific/Auckland" }).ORG_TIMEZONE).toBe("Pacific/Auckland");
    expect(parseEnv({}).ORG_TIMEZONE).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(() => parseEnv({ ORG_TIMEZONE: "Mars/Olympus" })).toThrow(
      /ORG_TIMEZONE: must be an IANA time zone name/,
    );
  });

  it("reads LLM_TOOLS as auto, on or off, auto by default", () => {
    expect(parseEnv({}).LLM_TOOLS).toBe("auto");
    expect(parseEnv({ LLM_TOOLS: "OFF" }).LLM_TOOLS).toBe("off");
    expect(() => parseEnv({ LLM_TOOLS: "sometimes" })).toThrow(
      /LLM_TOOLS: must be auto, on or off/,
    );
  });

  it("reads APP_ORIGIN as a list of origins and TRUST_PROXY as a flag", () => {
    expect(parseEnv({}).APP_ORIGIN).toEqual([]);
    expect(
      parseEnv({ APP_ORIGIN: "https://CC.example.com, http://localhost:3000/" }).APP_ORIGIN,
    ).toEqual(["https://cc.example.com", "http://localhost:3000"]);
    expect(() => parseEnv({ APP_ORIGIN: "https://cc.example.com/path" })).toThrow(/APP_ORIGIN/);
    expect(() => parseEnv({ APP_ORIGIN: "ftp://cc" })).toThrow(/APP_ORIGIN/);
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(() => parseEnv({ TRUST_PROXY: "maybe" })).toThrow(/TRUST_PROXY/);
  });
});
