import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, LOOPBACK_HOSTS_ARG } from './scripts/find-chromium.mjs';

// Debian's chromium (or CHROMIUM_PATH); browsers cannot be downloaded on these machines.
// The flags avoid background connections that this closed network refuses.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  // The empty embedded database that servers under test start from (see test/pglite-template.ts).
  globalSetup: './test/pglite-template.ts',
  use: {
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, LOOPBACK_HOSTS_ARG],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
