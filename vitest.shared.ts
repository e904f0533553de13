import { defineConfig } from 'vitest/config';

/**
 * Test configuration shared by every workspace package: tests live in test/**\/*.test.ts, and each
 * run writes a JSON report that scripts/test-summary.mjs sums into the closing
 * "N passed, N failed" line read by CI.
 */
export const packageConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
