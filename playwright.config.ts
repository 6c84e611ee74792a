// Browser tests against the built app, started by e2e/support/serve.ts on its own database.
import { defineConfig, devices } from "@playwright/test";

const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
// localhost, not 127.0.0.1: Next rewrites request URLs to localhost and Auth.js sign-in then breaks.
const BASE_URL = `http://localhost:${E2E_PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // A 2-core machine: one browser beside the server and its database.
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["./e2e/support/count-reporter.ts"]],
  outputDir: "test-results",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Browsers cannot be downloaded here: Debian's Chromium (apt-get install -y chromium).
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "npx tsx --import ./scripts/server-only-noop.mjs e2e/support/serve.ts",
    url: `${BASE_URL}/api/health`,
    env: { E2E_PORT: String(E2E_PORT) },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets serve.ts stop the app, drop its database and stop PostgreSQL (the default is SIGKILL).
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
