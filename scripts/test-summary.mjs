#!/usr/bin/env node
// Sum the vitest JSON results of every workspace package and print the plain closing line
// "N passed, N failed" (read by CI), plus a per-package breakdown. Exits 1 if any test failed
// or no test ran.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dirs = ['packages', 'apps'].flatMap((d) => readdirSync(join(root, d)).map((x) => join(d, x))).concat(['test']);
let passed = 0, failed = 0, skipped = 0;
for (const d of dirs) {
  const f = join(root, d, '.vitest', 'results.json');
  if (!existsSync(f)) continue;
  const r = JSON.parse(readFileSync(f, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`  ${d}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
