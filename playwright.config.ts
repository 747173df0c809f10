import { defineConfig } from '@playwright/test';

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
  use: {
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // A site with subdomains on loopback, to test cookies on a parent domain (shop.candor.test → candor.test).
        '--host-resolver-rules=MAP *.candor.test 127.0.0.1',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
