import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/dom/**/*.test.{ts,tsx}',
      'test/security/**/*.test.ts',
      // candor/server against the embedded store and a real PostgreSQL the tests start themselves.
      'test/server/**/*.test.ts',
    ],
    environment: 'node',
    // What a browser gives that Vitest's happy-dom globals do not (test/browser-globals.ts says what).
    setupFiles: ['test/browser-globals.ts'],
    restoreMocks: true,
    // Set-ups start servers and databases (npm start makes a new embedded PostgreSQL): on the
    // loaded 2-core machine npm start's took more than the default 10 s. A hook that needs longer
    // still says so itself.
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one on the 2-core CI machine, where the
    // other core then idled once the package checks beside it ended. Two there: 110 s instead of
    // 175 s alone on that machine, every file passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
