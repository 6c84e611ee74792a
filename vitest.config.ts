import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "server/**/*.test.ts", "test/**/*.test.ts"],
    // The security suite has its own run: npm run test:security.
    exclude: ["**/node_modules/**", "test/security/**"],
    globalSetup: ["test/support/global-setup.ts", "test/support/build-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ["default", "./test/support/count-reporter.ts"],
    pool: "forks",
  },
});
