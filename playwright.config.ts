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
    // No trace: recording one for every test (to keep it for a failure) cost about a fifth of the
    // suite's CPU on the 2-core CI machine, and the suite is CPU-bound. A failure keeps its
    // screenshot and the page's accessibility snapshot (error-context.md); for a trace, run the
    // failing test again with `--trace on`.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, LOOPBACK_HOSTS_ARG],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
