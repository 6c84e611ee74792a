// The embedded server survives an unclean exit: a PostgreSQL left running by a killed process is
// found through postmaster.pid and replaced, and the data is still there. Processes on one data
// directory share one server, and it stops only when the last of them leaves.
import { spawn } from "node:child_process";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pino from "pino";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { TSX } from "@/test/support/node-process";
import { startEmbeddedDatabase } from "./embedded";

const logger = pino({ level: "silent" });
const password = "embedded-test-password";
let dataDir: string;

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const CRASHING_OWNER = `
  import { startEmbeddedDatabase } from "./lib/db/embedded.ts";
  import pino from "pino";
  import postgres from "postgres";
  const db = await startEmbeddedDatabase({ dataDir: process.argv[1], password: "${password}", preferredPort: 0, logger: pino({ level: "silent" }) });
  const sql = postgres(db.url, { max: 1 });
  await sql\`CREATE TABLE survivor (note text)\`;
  await sql\`INSERT INTO survivor VALUES ('written before the crash')\`;
  await sql.end();
  console.log("ready");
  setInterval(() => {}, 1000);
`;

describe("embedded PostgreSQL", () => {
  it("replaces a server orphaned by a killed owner and keeps its data", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "cc-embedded-"));
    const owner = spawn(
      process.execPath,
      [...TSX, "--input-type=module", "-e", CRASHING_OWNER, dataDir],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      owner.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      owner.once("exit", (code) => reject(new Error(`owner exited early with ${code}`)));
    });
    owner.kill("SIGKILL"); // no chance to stop PostgreSQL: it keeps running, orphaned
    await new Promise((resolve) => owner.once("exit", resolve));

    const db = await startEmbeddedDatabase({ dataDir, password, preferredPort: 0, logger });
    try {
      expect(db.owned).toBe(true);
      const sql = postgres(db.url, { max: 1 });
      expect(await sql`SELECT note FROM survivor`).toEqual([{ note: "written before the crash" }]);
      await sql.end();
    } finally {
      await db.stop();
    }
  }, 60_000);

  it("shares one server between starts on one directory, even concurrent ones, and the last to leave stops it", async () => {
    const [first, second] = await Promise.all(
      [0, 1].map(() => startEmbeddedDatabase({ dataDir, password, preferredPort: 0, logger })),
    );
    expect([first!.owned, second!.owned].sort()).toEqual([false, true]);
    expect(new URL(second!.url).port).toBe(new URL(first!.url).port);
    const postmaster = await postmasterPid();
    expect(postmaster).toBeGreaterThan(0); // NaN (no pid file) would never look alive
    await second!.stop();
    expect(await answers(first!.url)).toBe(true);
    await first!.stop();
    expect(isAlive(postmaster)).toBe(false);
  }, 60_000);

  it("keeps the server running for a process that joined after the one that started it", async () => {
    const starter = spawn(
      process.execPath,
      [...TSX, "--input-type=module", "-e", STARTER, dataDir],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    const exited = new Promise((resolve) => starter.once("exit", resolve));
    const started = JSON.parse(await nextLine(starter.stdout!)) as { owned: boolean; url: string };
    expect(started.owned).toBe(true);
    const joiner = await startEmbeddedDatabase({ dataDir, password, preferredPort: 0, logger });
    try {
      expect(joiner.owned).toBe(false);
      starter.stdin!.end("stop\n"); // the starter leaves (as a CLI does when its command is done)
      await exited;
      expect(await answers(joiner.url)).toBe(true);
    } finally {
      await joiner.stop();
    }
    expect(await readPostmasterFile()).toBeNull();
  }, 60_000);
});

describe("embedded PostgreSQL for a user who is not root", () => {
  // Most people run npm start as themselves. CI runs as root, so there the check runs as "nobody".
  it("starts, answers and stops", async () => {
    const asNobody = process.getuid?.() === 0;
    const dir = await mkdtemp(path.join(tmpdir(), "cc-embedded-user-"));
    if (asNobody) await chown(dir, NOBODY, NOBODY);
    const starter = spawn(process.execPath, [...TSX, "--input-type=module", "-e", STARTER, dir], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["pipe", "pipe", "inherit"],
      ...(asNobody ? { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: dir } } : {}),
    });
    const exited = new Promise((resolve) => starter.once("exit", resolve));
    try {
      const started = JSON.parse(await nextLine(starter.stdout!)) as {
        owned: boolean;
        url: string;
      };
      expect(started.owned).toBe(true);
      expect(await answers(started.url)).toBe(true);
      starter.stdin!.end("stop\n");
      expect(await exited).toBe(0);
    } finally {
      starter.kill();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

const NOBODY = 65534;

const STARTER = `
  import { startEmbeddedDatabase } from "./lib/db/embedded.ts";
  import pino from "pino";
  const db = await startEmbeddedDatabase({ dataDir: process.argv[1], password: "${password}", preferredPort: 0, logger: pino({ level: "silent" }) });
  console.log(JSON.stringify({ owned: db.owned, url: db.url }));
  process.stdin.once("data", async () => { await db.stop(); process.exit(0); });
`;

function nextLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => createInterface({ input: stream }).once("line", resolve));
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2 });
  try {
    return (await sql`SELECT 1 AS ok`)[0]?.ok === 1;
  } finally {
    await sql.end();
  }
}

async function readPostmasterFile(): Promise<string | null> {
  return readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8").catch(() => null);
}

async function postmasterPid(): Promise<number> {
  return Number((await readPostmasterFile())?.split("\n")[0]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
