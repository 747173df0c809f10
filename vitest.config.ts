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
    restoreMocks: true,
  },
});
