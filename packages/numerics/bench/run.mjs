// Benchmark of eigvals (dist build) against ml-matrix EigenvalueDecomposition and, when python3
// with numpy is available, numpy.linalg.eigvals (LAPACK dgeev, single-threaded OpenBLAS) on the
// same seeded Ginibre matrices.
//
//   node bench/run.mjs [--sizes 200,500,1000] [--large] [--repeats 3] [--no-ml] [--no-numpy]
//                      [--algorithms default,typescript,simple] [--ml-limit 60]
//
// --large (or GATEFIELD_BENCH_LARGE=1) adds N = 2000 (about a minute more). 'typescript' is the
// default algorithm without the WebAssembly SIMD kernels ({ wasm: false }).
// The machine may be shared: ours and numpy run interleaved (numpy, ours, numpy, ours, …) and
// each figure is the MINIMUM over the repetitions, in wall-clock time and in CPU time (the CPU
// ratio is less sensitive to other load on the machine).
// Run `npx tsc -p tsconfig.build.json` first. numpy is a benchmark reference only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { eigvals } from '../dist/eigvals.js';
import { Rng, ginibre } from '../dist/rng.js';

const here = dirname(fileURLToPath(import.meta.url));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);

const sizes = arg('sizes', '200,500,1000').split(',').map(Number);
if ((flag('large') || process.env.GATEFIELD_BENCH_LARGE === '1') && !sizes.includes(2000)) sizes.push(2000);
const repeatsArg = Number(arg('repeats', '3'));
const mlLimit = Number(arg('ml-limit', '60')); // seconds
const algorithms = arg('algorithms', 'default').split(',');
const SEED = 20240601;

function time(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { out, s, cpu: (c.user + c.system) / 1e6 };
}

/** max_k |λ_k − μ_k| / max_k |μ_k| after greedy nearest-neighbour matching of the multisets. */
function maxRelDiff(re1, im1, re2, im2) {
  const n = re1.length;
  // sort both by real part, then match each λ to the nearest unused μ within a sliding window
  const order = (re, im) => Array.from(re.keys()).sort((i, j) => re[i] - re[j] || im[i] - im[j]);
  const o1 = order(re1, im1);
  const o2 = order(re2, im2);
  const used = new Uint8Array(n);
  let worst = 0;
  let scale = 0;
  for (let k = 0; k < n; k++) scale = Math.max(scale, Math.hypot(re2[k], im2[k]));
  for (let a = 0; a < n; a++) {
    const i = o1[a];
    let best = Infinity;
    let bestB = -1;
    for (let b = Math.max(0, a - 64); b < Math.min(n, a + 65); b++) {
      const j = o2[b];
      if (used[j]) continue;
      const d = Math.hypot(re1[i] - re2[j], im1[i] - im2[j]);
      if (d < best) {
        best = d;
        bestB = b;
      }
    }
    if (bestB < 0) return NaN;
    used[o2[bestB]] = 1;
    worst = Math.max(worst, best);
  }
  return worst / (scale || 1);
}

function haveNumpy() {
  const r = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
  return r.status === 0;
}

function runNumpy(a, n, repeats, dir) {
  const inFile = join(dir, `a${n}.bin`);
  const outFile = join(dir, `w${n}.bin`);
  const le = Buffer.alloc(a.length * 8);
  for (let k = 0; k < a.length; k++) le.writeDoubleLE(a[k], 8 * k); // Float64 little endian, row-major
  writeFileSync(inFile, le);
  const r = spawnSync('python3', [join(here, 'numpy_eigvals.py'), inFile, String(n), String(repeats), outFile], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`numpy helper failed: ${r.stderr}`);
  const info = JSON.parse(r.stdout.trim().split('\n').pop());
  const buf = readFileSync(outFile);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    re[k] = buf.readDoubleLE(16 * k);
    im[k] = buf.readDoubleLE(16 * k + 8);
  }
  return { s: info.min, cpu: info.cpu_min, re, im, version: info.numpy };
}

function runMl(a, n) {
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
  const m = new Matrix(rows);
  const { out, s } = time(() => new EigenvalueDecomposition(m, { assumeSymmetric: false }));
  return { s, re: Float64Array.from(out.realEigenvalues), im: Float64Array.from(out.imaginaryEigenvalues) };
}

const useNumpy = !flag('no-numpy') && haveNumpy();
const useMl = !flag('no-ml');
const dir = mkdtempSync(join(tmpdir(), 'gatefield-eigbench-'));

// warm up the JIT (both QR variants: the default switches to multishift above order 400)
for (const algorithm of algorithms) {
  for (const m of [120, 450]) {
    const w = ginibre(new Rng(1), m, 1);
    for (let r = 0; r < 2; r++) eigvals(w, m, optionsOf(algorithm));
  }
}

function optionsOf(algorithm) {
  if (algorithm === 'default') return {};
  if (algorithm === 'typescript') return { wasm: false };
  return { algorithm };
}

console.log(`eigvals benchmark — node ${process.version}, Ginibre N(0, 1/N) matrices, seed ${SEED}`);
console.log(`numpy: ${useNumpy ? 'yes (OPENBLAS_NUM_THREADS=1)' : 'not available'}; ml-matrix: ${useMl ? 'yes' : 'skipped'}`);
console.log(`timing: minimum over ${repeatsArg} interleaved repetitions (numpy, ours, numpy, ours, …)`);
const rows = [];
let mlPrev = null; // [n, seconds] for extrapolating the ml-matrix cost
try {
  for (const n of sizes) {
    const a = ginibre(new Rng(SEED).derive(n), n, 1);
    const repeats = Math.max(1, repeatsArg);
    let ml = null;
    let mlNote = '';
    if (useMl) {
      const predicted = mlPrev ? mlPrev[1] * (n / mlPrev[0]) ** 3 : 0;
      if (predicted > mlLimit) {
        mlNote = `skipped (predicted ${predicted.toFixed(0)} s > ${mlLimit} s)`;
      } else {
        ml = runMl(a, n);
        mlPrev = [n, ml.s];
        if (ml.s > mlLimit) mlNote = `took ${ml.s.toFixed(1)} s > ${mlLimit} s limit`;
      }
    }
    const best = new Map(algorithms.map((al) => [al, { s: Infinity, cpu: Infinity, out: null }]));
    let np = null;
    for (let r = 0; r < repeats; r++) {
      if (useNumpy) {
        const x = runNumpy(a, n, 1, dir);
        np = np === null ? x : { ...x, s: Math.min(np.s, x.s), cpu: Math.min(np.cpu, x.cpu) };
      }
      for (const algorithm of algorithms) {
        const t = time(() => eigvals(a, n, optionsOf(algorithm)));
        const b = best.get(algorithm);
        b.s = Math.min(b.s, t.s);
        b.cpu = Math.min(b.cpu, t.cpu);
        b.out = t.out;
      }
    }
    for (const algorithm of algorithms) {
      const { s: ours, cpu, out } = best.get(algorithm);
      rows.push({
        N: n,
        algorithm,
        'ours (s)': ours.toFixed(3),
        'numpy (s)': np ? np.s.toFixed(3) : '—',
        'ours/numpy': np ? (ours / np.s).toFixed(2) : '—',
        'CPU ours/numpy': np ? `${(cpu / np.cpu).toFixed(2)} (${cpu.toFixed(3)}/${np.cpu.toFixed(3)})` : '—',
        repeats,
        'max rel diff vs numpy': np ? maxRelDiff(out.re, out.im, np.re, np.im).toExponential(1) : '—',
        'ml-matrix (s)': ml ? ml.s.toFixed(2) : mlNote || '—',
        'ml/ours': ml ? (ml.s / ours).toFixed(1) : '—',
        'max rel diff vs ml': ml ? maxRelDiff(out.re, out.im, ml.re, ml.im).toExponential(1) : '—',
      });
    }
    if (mlNote) console.log(`N = ${n}: ml-matrix ${mlNote}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
console.log('relative difference: max_k |λ_k − μ_k| / max_k |μ_k| over nearest-neighbour matched spectra.');
