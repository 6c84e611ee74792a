// The build's check for server code in browser chunks (scripts/check-client-chunks.mjs, run by
// `npm run build` after `next build`): it must name the chunk and marker, and pass clean chunks.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script run by npm run build
import { findServerCodeInChunks } from "@/scripts/check-client-chunks.mjs";

const dir = await mkdtemp(path.join(tmpdir(), "cc-chunks-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

it("finds env names and the logger in a nested browser chunk, and passes clean ones", async () => {
  await mkdir(path.join(dir, "app"), { recursive: true });
  await writeFile(path.join(dir, "clean.js"), 'console.log("DATABASE");');
  await writeFile(path.join(dir, "clean.js.map"), "JWT_SECRET_KEY"); // not a chunk
  await writeFile(
    path.join(dir, "app", "leak.js"),
    'const e={JWT_SECRET_KEY:1};const s=Symbol("pino.logFuncs");',
  );
  expect(await findServerCodeInChunks(dir)).toEqual([
    { file: path.join("app", "leak.js"), marker: "JWT_SECRET_KEY" },
    { file: path.join("app", "leak.js"), marker: "pino.logFuncs" },
  ]);
  await rm(path.join(dir, "app"), { recursive: true });
  expect(await findServerCodeInChunks(dir)).toEqual([]);
});
