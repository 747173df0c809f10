import { defineConfig } from '@playwright/test';
import { ENGINES } from './driver';
import type { EngineOptions } from './fixtures';

// The critical paths in Chromium, Firefox and WebKit (docs/browser-support.md): one project per
// engine, the same spec files for all three. Playwright Test is the runner; the browsers are driven
// through the adapters of driver.ts. `npm test` runs one engine at a time (--project).
export default defineConfig<EngineOptions>({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../reports/engines-output',
  fullyParallel: true,
  workers: Number(process.env.ENGINE_WORKERS ?? 2),
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  // The empty embedded database that servers under test start from (see test/pglite-template.ts).
  globalSetup: '../pglite-template.ts',
  expect: { timeout: 10_000 },
  // WebKitGTK has no forced-colours mode (`forced-colors: none` whatever its settings): nothing to test there.
  projects: ENGINES.map((name) => ({
    name,
    use: { engineName: name },
    ...(name === 'webkit' && { testIgnore: 'forced-colors.spec.ts' }),
  })),
});
