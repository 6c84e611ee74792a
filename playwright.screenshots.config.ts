// `npm run screenshots`: the e2e set-up (a current build, its own database, the app on E2E_PORT),
// running only the screenshot tour; the pictures go to screenshots/.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

export default defineConfig({
  ...base,
  testDir: "e2e/screenshots",
  testMatch: "*.shots.ts",
  reporter: [["list"]],
  outputDir: "test-results/screenshots",
});
