// `npm run test:security`: the security suite against the built server (see test/security).
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  // The same aliases as `npm test` ("@", and server-only as the no-op it is outside Next).
  resolve: base.resolve,
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
