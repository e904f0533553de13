import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
