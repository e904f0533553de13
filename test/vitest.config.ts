import { defineConfig } from 'vitest/config';

/**
 * Default suite: src/**\/*.test.ts (minutes on 2 cores). The slow suite (larger N, more seeds,
 * thousands of fuzz cases) is src/**\/*.slow.test.ts and runs only with GATEFIELD_SLOW=1
 * (`pnpm test:slow` at the root).
 */
const slow = process.env.GATEFIELD_SLOW === '1';
export default defineConfig({
  test: {
    include: slow ? ['src/**/*.slow.test.ts'] : ['src/**/*.test.ts'],
    exclude: slow ? [] : ['src/**/*.slow.test.ts'],
    testTimeout: 600000,
    hookTimeout: 600000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
