// Bundles the custom server (server/ + the lib/ it uses) into dist/; packages stay external.
import { build } from "esbuild";

await build({
  entryPoints: { index: "server/index.ts", "team-server": "server/team-server/main.ts" },
  outdir: "dist/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
