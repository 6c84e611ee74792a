// `npm start`: builds first when there is no build (or it is older than the sources), then runs.
import { spawnSync } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUTPUTS = [".next/BUILD_ID", "dist/server/index.js"];
const SOURCES = ["app", "components", "lib", "server", "package-lock.json", "next.config.js"];

function newestMtime(target) {
  const full = path.join(ROOT, target);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(full).reduce(
    (max, entry) => Math.max(max, newestMtime(path.join(target, entry))),
    stat.mtimeMs,
  );
}

export function buildIsCurrent() {
  if (!OUTPUTS.every((f) => existsSync(path.join(ROOT, f)))) return false;
  const built = Math.min(...OUTPUTS.map((f) => statSync(path.join(ROOT, f)).mtimeMs));
  return SOURCES.every((s) => newestMtime(s) <= built);
}

export function ensureBuild() {
  if (buildIsCurrent()) return;
  console.log("Building the Control Center (first start or sources changed)…");
  const result = spawnSync("npm", ["run", "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBuild();
  process.env.NODE_ENV = "production";
  await import(path.join(ROOT, "dist/server/index.js"));
}
