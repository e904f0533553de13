// @ts-check
/**
 * Live tables: `<!-- live: NAME -->` lines in a page expand, at docs build time, to a Markdown
 * table computed by the library next to the specification's reference values. They are cheap
 * (mean field and support only, well under a second each), so they are recomputed on every build
 * and can never be stale.
 */
import { fmt } from './figureKit.mjs';

/** @typedef {{ theory: Record<string, any>, models: Record<string, any> }} LiveApi */

/**
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
function table(header, rows) {
  const cell = (/** @type {string | number} */ v) => (typeof v === 'number' ? fmt(v) : v);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') + '\n';
}

/** @type {Record<string, (api: LiveApi) => string>} */
export const LIVE = {
  /** The GRU parameters with their ranges and defaults, from the model spec. */
  'gru-parameters': ({ models }) => {
    const params = models.getModel('gru').spec.parameters;
    return table(
      ['name', 'symbol', 'default', 'range', 'meaning'],
      Object.entries(params).map(([name, p]) => [`\`${name}\``, /** @type {any} */ (p).symbol, /** @type {any} */ (p).default, `[${/** @type {any} */ (p).min}, ${/** @type {any} */ (p).max}]`, /** @type {any} */ (p).description]),
    );
  },

  /** [GRU-REF-1]: mean field against true fixed points. */
  'gru-ref-1': ({ theory }) => {
    const cases = [
      { p: { g_h: 2, beta_h: 1.5, alpha_r: 4, beta_r: 0 }, ref: { C: 0.686, varEta: 1.08, gamma2: 0.483 }, finite: { C: 0.675, varEta: 1.071, gamma2: 0.5 } },
      { p: { g_h: 2.5, beta_h: 2, alpha_r: 4, beta_r: 0 }, ref: { C: 0.771, varEta: 1.919, gamma2: null }, finite: { C: 0.763, varEta: 1.902, gamma2: null } },
    ];
    /** @type {(string | number)[][]} */
    const rows = [];
    for (const c of cases) {
      const [root] = theory.selectRoots(theory.solveGruMeanField(c.p).roots, 'largest');
      const label = `g_h = ${c.p.g_h}, β_h = ${c.p.beta_h}`;
      rows.push([label, 'C', root.C, c.ref.C, c.finite.C]);
      rows.push([label, 'Var η', root.deltaEta, c.ref.varEta, c.finite.varEta]);
      rows.push([label, 'Γ²', root.gamma2, c.ref.gamma2 ?? '≈ 0.56 ([OQ-16])', c.finite.gamma2 ?? '—']);
    }
    return table(['fixed point (α_r = 4, β_r = 0)', 'quantity', 'this library', 'spec mean field', 'spec finite N = 1000'], rows);
  },

  /** [GRU-REF-3]: pinching asymptotics, C = 0.3, Γ² = 1.5. */
  'gru-ref-3': ({ theory }) => {
    const C = 0.3;
    const gamma2 = 1.5;
    const ref = /** @type {Record<number, number>} */ ({ 10: 1.64, 20: 1.25, 40: 1.11 });
    const rows = [10, 20, 40, 80].map((a) => {
      const x = theory.gruSupport(gamma2, { C, alpha_z: a, beta_z: 0 }, { boundaryPoints: 8 }).abscissa;
      const asym = theory.pinchingLogAbscissa(C, gamma2, a, 0);
      return [a, x, asym, Math.log(x) / asym, ref[a] ?? '—'];
    });
    return table(['α_z', 'abscissa x* ([GRU-LIM-5])', 'asymptote log x* ([GRU-LIM-6])', 'ratio log x* / asymptote', 'spec ratio [GRU-REF-3]'], rows);
  },

  /** [KR-REF-3] (part): nontrivial branches at β_r = β_h = 0 with the stated 151-node rule. */
  'kr-ref-3': ({ theory }) => {
    const q = { smooth: { kind: 'gauss-hermite', nodes: 151 }, gate: { kind: 'gauss-hermite', nodes: 151 }, adaptive: false };
    const ref = /** @type {Record<string, string>} */ ({
      '4,2': '0.1095, 1.233',
      '4,2.5': '0.3574, 1.595',
      '4,3': '0.4865, 1.877',
      '6,1.9': '0.0269, 1.151 and 0.1124, 1.354',
      '6,2.5': '0.3928, 1.874',
      '10,1.9': '0.0063, 1.111 and 0.1912, 1.746',
      '10,2.5': '0.4216, 2.377',
    });
    const rows = Object.entries(ref).map(([key, spec]) => {
      const [alpha_r, g_h] = key.split(',').map(Number);
      const roots = theory.solveGruMeanField({ g_h, beta_h: 0, alpha_r, beta_r: 0 }, { quadrature: q }).roots.filter((/** @type {any} */ r) => r.C > 0);
      const mine = roots.map((/** @type {any} */ r) => `${r.C.toFixed(4)}, ${r.gamma2.toFixed(3)}`).join(' and ');
      const cls = roots.map((/** @type {any} */ r) => theory.marginalStabilityClass(r.gamma2, 0.5)).join(', ');
      return [alpha_r, g_h, mine || 'none', spec, cls];
    });
    return table(['α_r', 'g_h', 'this library: C, Γ²', 'spec [KR-REF-3]: C, Γ²', 'as α_z → ∞ ([KR-17])'], rows);
  },
};

/**
 * Expand `<!-- live: NAME -->` lines.
 * @param {string} md
 * @param {LiveApi} api
 * @param {string} where
 */
export function expandLive(md, api, where) {
  return md.replace(/^<!-- live: ([a-z0-9-]+) -->$/gm, (_, name) => {
    const f = LIVE[name];
    if (!f) throw new Error(`${where}: unknown live table "${name}" (known: ${Object.keys(LIVE).join(', ')})`);
    return f(api);
  });
}
