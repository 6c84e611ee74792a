// As root the embedded PostgreSQL runs as another user; a folder that user cannot enter must be
// named before initdb fails with EACCES.
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertReachableByPostgresUser, findClosedFolder } from "./embedded-access";

let base: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "cc-access-"));
  await chmod(base, 0o755);
});

afterEach(async () => {
  await chmod(base, 0o755).catch(() => {});
  await rm(base, { recursive: true, force: true });
});

describe("findClosedFolder", () => {
  it("finds the folder others cannot enter, however deep the target lies below it", async () => {
    const home = path.join(base, "home");
    await mkdir(path.join(home, "app", "data"), { recursive: true });
    await chmod(home, 0o700);
    expect(await findClosedFolder(path.join(home, "app", "data"))).toBe(home);
    expect(await findClosedFolder(path.join(home, "app", "not-yet-created", "pg"))).toBe(home);
  });

  it("passes a path every folder of which others may enter, including parts not created yet", async () => {
    await mkdir(path.join(base, "srv", "cc"), { recursive: true, mode: 0o755 });
    expect(await findClosedFolder(path.join(base, "srv", "cc", "data"))).toBeNull();
  });

  it("accepts a folder others may enter but not list (mode 711)", async () => {
    const data = path.join(base, "data");
    await mkdir(data, { mode: 0o711 });
    await chmod(data, 0o711);
    expect(await findClosedFolder(path.join(data, "pg"))).toBeNull();
  });
});

describe("assertReachableByPostgresUser", () => {
  it("names the closed folder, what it hides and the ways out", async () => {
    const home = path.join(base, "root-home");
    await mkdir(path.join(home, "checkout"), { recursive: true });
    await chmod(home, 0o700);
    const attempt = assertReachableByPostgresUser({
      binaries: path.join(base),
      dataDir: path.join(home, "checkout", "data"),
    });
    await expect(attempt).rejects.toThrow(`cannot enter ${home} to reach DATA_DIR`);
    await expect(attempt).rejects.toThrow("set DATABASE_URL");
  });

  it("leaves DATA_DIR itself to the server's start, which opens it up", async () => {
    const data = path.join(base, "data");
    await mkdir(data, { mode: 0o700 });
    await chmod(data, 0o700);
    await expect(
      assertReachableByPostgresUser({ binaries: base, dataDir: data }),
    ).resolves.toBeUndefined();
  });

  it("names the programs' folder when that is the one out of reach", async () => {
    const home = path.join(base, "closed");
    await mkdir(path.join(home, "node_modules"), { recursive: true });
    await chmod(home, 0o700);
    await expect(
      assertReachableByPostgresUser({
        binaries: path.join(home, "node_modules"),
        dataDir: path.join(base, "data"),
      }),
    ).rejects.toThrow(`cannot enter ${home} to reach its programs`);
  });
});
