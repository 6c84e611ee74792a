// The embedded server survives an unclean exit: a PostgreSQL left running by a killed process is
// found through postmaster.pid and replaced, and the data is still there.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
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
    const owner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CRASHING_OWNER, dataDir], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "inherit"],
    });
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

  it("shares the server of a live owner instead of starting a second one", async () => {
    const first = await startEmbeddedDatabase({ dataDir, password, preferredPort: 0, logger });
    try {
      // Pretend another live process owns it by pointing the owner file at our parent.
      const { writeFile } = await import("node:fs/promises");
      await writeFile(path.join(dataDir, "control-center.owner"), `${process.ppid}\n`);
      const second = await startEmbeddedDatabase({ dataDir, password, preferredPort: 0, logger });
      expect(second.owned).toBe(false);
      expect(new URL(second.url).port).toBe(new URL(first.url).port);
      await second.stop(); // a no-op for a non-owner
      const sql = postgres(first.url, { max: 1 });
      expect(await sql`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
      await sql.end();
    } finally {
      await first.stop();
    }
  }, 60_000);
});
