import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS, E2E_CLIENT_ID, E2E_PORTS } from "./e2e/env";
import { SIM_TENANT_ID } from "./lib/sim";

/**
 * Two production servers from one build: the real-MSAL build (Microsoft's
 * hosts are routed to the in-process tenant simulator by e2e/fixtures.ts) and
 * the demo tenant (`npm run demo` mode). `npm test` builds first.
 */

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: "test-results",
  reporter: [["list"], ["json", { outputFile: ".test-results/playwright.json" }]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [
    { name: "tenant", testIgnore: "**/demo*.spec.ts", use: { baseURL: `http://127.0.0.1:${E2E_PORTS.tenant}` } },
    { name: "demo", testMatch: "**/demo*.spec.ts", use: { baseURL: `http://127.0.0.1:${E2E_PORTS.demo}` } },
  ],
  webServer: [
    {
      command: `npx next start -p ${E2E_PORTS.tenant}`,
      url: `http://127.0.0.1:${E2E_PORTS.tenant}/`,
      env: { PSOXY_WIZARD_MODE: "tenant", ENTRA_CLIENT_ID: E2E_CLIENT_ID, ENTRA_TENANT: SIM_TENANT_ID },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx next start -p ${E2E_PORTS.demo}`,
      url: `http://127.0.0.1:${E2E_PORTS.demo}/`,
      env: { PSOXY_WIZARD_MODE: "demo" },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
