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
});
