// `npm run test:security`: the security suite against the built server (see test/security).
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["test/security/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts", "test/support/build-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/count-reporter.ts"],
    pool: "forks",
    // One server at a time: each file starts its own, and the machine is small.
    fileParallelism: false,
  },
});
