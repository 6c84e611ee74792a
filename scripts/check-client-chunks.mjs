// Run after `next build` (npm run build does): fails the build when a browser chunk carries server
// code. The markers are names only the server's code holds: variables read by lib/env.ts (secrets
// and the database URL) and the logger's internals. A hit means a client component reached a lib
// module it must not (the "use client" lint rule and the server-only markers exist to prevent it).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export const SERVER_MARKERS = [
  "JWT_SECRET_KEY",
  "AUTH_SECRET",
  "DATABASE_URL",
  "ADMIN_PASSWORD",
  "OPENAI_API_KEY",
  "pino.logFuncs",
];

/** Every (chunk, marker) pair found in the .js files under `chunksDir`. */
export async function findServerCodeInChunks(chunksDir) {
  const entries = await readdir(chunksDir, { recursive: true, withFileTypes: true });
  const hits = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    for (const marker of SERVER_MARKERS)
      if (text.includes(marker)) hits.push({ file: path.relative(chunksDir, file), marker });
  }
  return hits;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const chunksDir = path.resolve(process.argv[2] ?? ".next/static/chunks");
  const hits = await findServerCodeInChunks(chunksDir);
  if (hits.length > 0) {
    console.error(`Server code in browser chunks (${chunksDir}):`);
    for (const { file, marker } of hits) console.error(`  ${file}: ${marker}`);
    process.exit(1);
  }
  console.log(`No server code in the browser chunks (${SERVER_MARKERS.length} markers checked).`);
}
