import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileModel, getModel, modelNames, type CompiledModel, type ModelSpec } from '../src/index.js';

/** Evaluate rhs (kind 'rhs') or presynaptic (kind 'pre') output `of` at (x, y). */
function value(m: CompiledModel, kind: 'rhs' | 'pre', of: number, x: Float64Array, y: Float64Array, p: Float64Array): number {
  const out = new Float64Array(kind === 'rhs' ? m.stateNames.length : m.fieldNames.length);
  (kind === 'rhs' ? m.rhs : m.presynaptic)(x, y, p, out);
  return out[of];
}

/**
 * Central differences with step h have error ~ h² f‴/6 + ε|f|/h; with h = 1e-5 and |f‴| = O(α³)
 * for gate gains α ≤ 8 this is < 1e-5 relative, so 1e-4 relative (plus 1e-7 absolute) cannot hide a
 * wrong symbolic derivative (which is off by O(1)).
 */
function checkAllPartials(m: CompiledModel, x: Float64Array, y: Float64Array, p: Float64Array): void {
  const got = new Float64Array(m.partialList.length);
  m.partials(x, y, p, got);
  const h = 1e-5;
  m.partialList.forEach((q, j) => {
    const vec = q.wrt === 'x' ? x : y;
    const save = vec[q.index];
    vec[q.index] = save + h;
    const fp = value(m, q.kind, q.of, x, y, p);
    vec[q.index] = save - h;
    const fm = value(m, q.kind, q.of, x, y, p);
    vec[q.index] = save;
    const fd = (fp - fm) / (2 * h);
    expect(Math.abs(got[j] - fd), `${m.name}: ${q.formula}`).toBeLessThan(1e-4 * Math.abs(fd) + 1e-7);
  });
  // Structural zeros really are zero: differentiating any output against a variable not listed.
  for (const kind of ['rhs', 'pre'] as const) {
    const nOut = kind === 'rhs' ? m.stateNames.length : m.fieldNames.length;
    for (let of = 0; of < nOut; of++) {
      for (const wrt of ['x', 'y'] as const) {
        const vec = wrt === 'x' ? x : y;
        for (let index = 0; index < vec.length; index++) {
          if (m.partialList.some((q) => q.kind === kind && q.of === of && q.wrt === wrt && q.index === index)) continue;
          const save = vec[index];
          vec[index] = save + 1e-3;
          const fp = value(m, kind, of, x, y, p);
          vec[index] = save;
          expect(fp).toBe(value(m, kind, of, x, y, p));
        }
      }
    }
  }
}

const userCell: ModelSpec = {
  name: 'user-minimal-gated',
  title: 'A user-written gated cell (minimal gated unit with a leak)',
  labels: [],
  state: ['h', 'c'],
  parameters: {
    g: { default: 1.5, min: 0, max: 10, description: 'gain' },
    a: { default: 3, min: 0, max: 100, description: 'gate gain' },
    b: { default: 0.5, min: -10, max: 10, description: 'gate bias' },
  },
  fields: [
    { name: 'u', matrix: 'W', variance: 'g^2', presynaptic: 'h*c', bias: 'b/2' },
    { name: 'v', matrix: 'V', variance: '1', presynaptic: 'tanh(u)^2 + exp(-h^2)' },
  ],
  rhs: { h: 'sigmoid(v, a, b)*(-h + tanh(u)) - 0.1*h^3', c: '-c + sqrt(1 + u^2)*log(2 + sigmoid(h, a, -b))' },
};

describe('compiled symbolic derivatives', () => {
  for (const name of modelNames()) {
    it(`match central finite differences at random points for the ${name} model (fast-check)`, () => {
      const m = getModel(name);
      const nx = m.stateNames.length;
      const ny = m.fieldNames.length;
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: nx, maxLength: nx }),
          fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: ny, maxLength: ny }),
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: m.paramNames.length, maxLength: m.paramNames.length }),
          (xs, ys, us) => {
            // parameters: gains in [0, 8], biases in [−2, 2], inside every model's ranges
            const p = Float64Array.from(m.paramNames.map((n, i) => (n.startsWith('beta') ? 4 * us[i] - 2 : n.startsWith('tau') ? 0.2 + 4 * us[i] : 8 * us[i])));
            checkAllPartials(m, Float64Array.from(xs), Float64Array.from(ys), p);
          },
        ),
        { seed: 20261126, numRuns: 200 },
      );
    });
  }

  it('match central finite differences for a user-written two-variable cell with chained fields', () => {
    const m = compileModel(userCell);
    expect(m.fieldOrder).toEqual([0, 1]);
    expect(m.presynapticDeps[1]).toEqual([0]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }), (v) => {
        checkAllPartials(m, Float64Array.from(v.slice(0, 2)), Float64Array.from(v.slice(2)), Float64Array.from([1.5, 3, 0.5]));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('GRU spec structure [GRU-J-2]', () => {
  const m = getModel('gru');
  it('has exactly the non-zero partials S, σ′_z F, S Φ′, identity, P and D of the GRU Jacobian', () => {
    const listed = m.partialList.map((q) => `${q.kind}:${q.of}:${q.wrt}${q.index}`);
    expect(listed).toEqual(['rhs:0:x0', 'rhs:0:y0', 'rhs:0:y2', 'pre:0:x0', 'pre:1:x0', 'pre:2:x0', 'pre:2:y1']);
  });

  it('evaluates the Jacobian factors to their closed forms at a site', () => {
    const p = m.resolve({ g_h: 2, alpha_z: 5, beta_z: 1, alpha_r: 4, beta_r: -0.5 }).vector;
    const [h, xi, zeta, eta] = [0.3, 0.2, -0.4, 0.7];
    const out = new Float64Array(m.partialList.length);
    m.partials(Float64Array.of(h), Float64Array.of(xi, zeta, eta), p, out);
    const sig = (x: number, a: number, b: number) => 1 / (1 + Math.exp(-a * x + b));
    const s = sig(xi, 5, 1);
    const rho = sig(zeta, 4, -0.5);
    expect(out[m.partialIndex('rhs', 'h', 'h')]).toBeCloseTo(-s, 15);
    expect(out[m.partialIndex('rhs', 'h', 'eta')]).toBeCloseTo(s / Math.cosh(eta) ** 2, 15);
    expect(out[m.partialIndex('pre', 'eta', 'h')]).toBeCloseTo(rho, 15);
    expect(out[m.partialIndex('pre', 'eta', 'zeta')]).toBeCloseTo(h * 4 * rho * (1 - rho), 15);
    expect(out[m.partialIndex('rhs', 'h', 'xi')]).toBeCloseTo(5 * s * (1 - s) * (-h + Math.tanh(eta)), 15);
    expect(m.partialIndex('pre', 'xi', 'zeta')).toBe(-1);
    expect(Array.from(m.fieldVariance(p))).toEqual([1, 1, 4]);
  });

  it('stays finite at extreme gate gains where a ratio of exponentials would give NaN', () => {
    const p = m.resolve({ alpha_z: 1000, alpha_r: 1000, beta_z: 50, beta_r: -50 }).vector;
    const out = new Float64Array(m.partialList.length);
    for (const v of [-5, -0.01, 0, 0.01, 5]) {
      m.partials(Float64Array.of(v), Float64Array.of(v, -v, 30 * v), p, out);
      for (const o of out) expect(Number.isFinite(o)).toBe(true);
    }
  });
});

describe('spec validation', () => {
  it('names the unknown parameter and lists the valid ones', () => {
    expect(() => getModel('gru').resolve({ g: 2 })).toThrow(/unknown parameter g for model gru: valid parameters are g_h, beta_h/);
  });
  it('names the out-of-range or non-finite parameter with its valid range', () => {
    expect(() => getModel('gru').resolve({ g_h: -1 })).toThrow('invalid g_h = -1: valid range is [0, 10]');
    expect(() => getModel('gru').resolve({ alpha_z: Number.NaN })).toThrow('invalid alpha_z = NaN: valid range is [0, 1000]');
    expect(() => getModel('gru').resolve({ beta_r: '3' })).toThrow(/invalid beta_r = "3"/);
  });
  it('rejects unknown models, unknown symbols, unknown functions and cyclic fields', () => {
    expect(() => getModel('transformer')).toThrow(/unknown model "transformer": valid models are vanilla, gru/);
    const bad = (patch: Partial<ModelSpec>) => () => compileModel({ ...userCell, ...patch });
    expect(bad({ rhs: { h: '-h + q', c: '-c' } })).toThrow(/unknown symbol q/);
    expect(bad({ rhs: { h: '-h + tanh(2*sigmoid(bogus, a, b))', c: '-c' } })).toThrow(/rhs\[h\] uses unknown symbol bogus/);
    expect(bad({ fields: [{ name: 'u', matrix: 'W', variance: 'g^2*h', presynaptic: 'h' }, userCell.fields[1]] })).toThrow(/variance of u uses unknown symbol h/);
    expect(bad({ rhs: { h: '-h + relu(u)', c: '-c' } })).toThrow(/unknown function relu/);
    expect(bad({ rhs: { h: '-h + (u', c: '-c' } })).toThrow(/cannot parse/);
    expect(
      bad({
        fields: [
          { name: 'u', matrix: 'W', variance: '1', presynaptic: 'v' },
          { name: 'v', matrix: 'V', variance: '1', presynaptic: 'u' },
        ],
      }),
    ).toThrow(/cycle/);
  });
});

describe('fixed-point flow [NUM-12]', () => {
  it('is the ungated GRU flow −h + φ(η), with the same zeros as the gated rhs', () => {
    const m = getModel('gru');
    const f = m.fixedPointFlow;
    expect(f.name).toBe('gru:fixed-point-flow');
    expect(f.fieldNames).toEqual(m.fieldNames);
    const p = m.resolve({ alpha_z: 10, beta_z: 3 }).vector;
    const out = new Float64Array(1);
    f.rhs(Float64Array.of(0.2), Float64Array.of(-3, 0.1, 0.5), p, out);
    expect(out[0]).toBeCloseTo(-0.2 + Math.tanh(0.5), 15);
    m.rhs(Float64Array.of(Math.tanh(0.5)), Float64Array.of(-3, 0.1, 0.5), p, out);
    expect(out[0]).toBe(0);
  });
  it('is the model itself for the vanilla network', () => {
    const m = getModel('vanilla');
    expect(m.fixedPointFlow).toBe(m);
  });
});
