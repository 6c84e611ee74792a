// Bundles the custom server (server/ + the lib/ it uses) into dist/; packages stay external, except
// `server-only`: Next's build-time marker on server modules of lib/, which throws outside Next's
// react-server build, so here it is an empty module (scripts/server-only-noop.mjs says more).
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
  alias: { "server-only": "./node_modules/server-only/empty.js" },
  logLevel: "warning",
});
