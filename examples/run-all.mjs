// Run every example in this folder (CI runs `node examples/run-all.mjs --quick`).
//
//   node examples/run-all.mjs [--quick] [--list]
//
// --quick uses small networks (N = 300, one seed); --list only prints the examples.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const examples = readdirSync(here).filter((f) => /^\d\d-.*\.mjs$/.test(f)).sort();
const small = { '02-compare.mjs': ['--n', '300', '--seeds', '1'] };
if (process.argv.includes('--list')) {
  for (const file of examples) process.stdout.write(`${file}\n`);
  process.exit(0);
}

let failed = 0;
for (const file of examples) {
  const args = quick ? (small[file] ?? []) : [];
  const t0 = Date.now();
  process.stdout.write(`\n=== ${file} ${args.join(' ')}\n`);
  try {
    const out = execFileSync(process.execPath, [join(here, file), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(out);
    process.stdout.write(`--- ok (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  } catch (e) {
    failed++;
    process.stdout.write(`${e.stdout ?? ''}--- FAILED: ${e.message}\n`);
  }
}
process.stdout.write(`\nexamples: ${examples.length - failed} ok, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
