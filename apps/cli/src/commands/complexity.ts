/**
 * `gatefield complexity`: the fixed-point landscape at one GRU parameter set — origin stability
 * ([KR-11]), the onset type ([KR-13], [KR-14]), the saddle-node g_sn ([KR-15]) and, on every
 * nontrivial mean-field branch, the annealed complexity at the untilted saddle Σ_MF ([KR-6],
 * `complexityUntilted` of [OQ-10]) by the full SCBA ([KR-10]) and the d ≡ 0 approximations ([KR-9],
 * [KR-8]), with the marginal-stability class under a saturated update gate ([KR-17]).
 */
import {
  type ComplexityResult,
  type GruMeanFieldRoot,
  type MarginalStability,
  type OnsetCriterion,
  type OriginLineResult,
  type SaddleNodeResult,
  complexityAtRoot,
  gruBranchRoots,
  marginalStability,
  onsetCriterion,
  originLine,
  resolveGruParameters,
  saddleNodeGain,
} from '@gatefield/theory';
import { type NumericsWarning, WarningLog } from '@gatefield/numerics';
import { type FlagSpec, formatFlags, parseFlags, UsageError } from '../args.js';
import { DEBUG_FLAG, HELP_FLAG, JSON_FLAG, MODEL_FLAG, SET_FLAG, fmt, modelOf, parameterTable, parameterValues, printJson, printWarnings, table } from '../common.js';

export const COMPLEXITY_FLAGS: FlagSpec[] = [
  MODEL_FLAG,
  SET_FLAG,
  { name: 'method', kind: 'string', choices: ['all', 'scba', 'closed-form'], default: 'all', meta: 'HOW', description: 'scba: full Σ_MF [KR-10]; closed-form: d ≡ 0 approximations [KR-9], [KR-8]; all: both' },
  { name: 'legendre-nodes', kind: 'int', min: 2, max: 1000, default: '24', meta: 'N', description: 'Gauss–Legendre nodes of the real-axis integral [KR-10]' },
  { name: 'eta-nodes', kind: 'int', min: 1, max: 1000, default: '96', meta: 'N', description: 'Gauss–Hermite nodes in η of the site rule' },
  { name: 'saturation', kind: 'string', choices: ['fixed-bias', 'fixed-threshold'], default: 'fixed-bias', meta: 'LIMIT', description: 'how α_z → ∞ is taken for p₁ ([OQ-3])' },
  JSON_FLAG,
  DEBUG_FLAG,
  HELP_FLAG,
];

export function complexityHelp(): string {
  return `Usage: gatefield complexity --model gru --set g_h=2.5,alpha_r=4 [--method all|scba|closed-form] [--json]

Kac–Rice complexity of GRU fixed points at one parameter set: Σ_MF = (1/N) E log|det ∂F| at the
untilted mean-field saddle (annealed, [KR-6]; a lower bound on the annealed supremum, [OQ-10]) on
every nontrivial mean-field branch — full SCBA [KR-10] and the d ≡ 0 closed form [KR-9] / near-onset
[KR-8] — with Γ², the marginal-stability class for α_z → ∞ [KR-17], origin stability [KR-11], the
onset type [KR-13] and the saddle-node g_sn [KR-15] (β_h = 0).

Flags:
${formatFlags(COMPLEXITY_FLAGS)}

GRU parameters (NAME [range] default):
${parameterTable('gru')}
`;
}

/** Everything `complexity` reports. */
export interface ComplexityReport {
  model: string;
  parameters: ReturnType<typeof resolveGruParameters>;
  origin: OriginLineResult | null;
  onset: OnsetCriterion;
  saddleNode: SaddleNodeResult | null;
  branches: {
    root: GruMeanFieldRoot;
    marginal: MarginalStability;
    scba: ComplexityResult | null;
    closedForm: ComplexityResult | null;
    nearOnset: ComplexityResult | null;
  }[];
  /** max Σ_MF over branches by the headline method (full SCBA if computed, else closed form) */
  sigma: number;
  /** Quadrature warnings of every part of the report (roots, saddle-node, complexities), deduplicated. */
  warnings: NumericsWarning[];
}

/** Compute the report (exported for tests and scripts). */
export function complexityReport(params: Record<string, number>, method: 'all' | 'scba' | 'closed-form', options: { legendreNodes?: number; etaNodes?: number; saturation?: 'fixed-bias' | 'fixed-threshold' } = {}): ComplexityReport {
  const p = resolveGruParameters(params);
  const o = { legendreNodes: options.legendreNodes, etaNodes: options.etaNodes };
  const rootsResult = gruBranchRoots(p);
  const roots = rootsResult.roots;
  const branches = roots.map((root) => ({
    root,
    marginal: marginalStability(root.C, root.gamma2, p, options.saturation ?? 'fixed-bias'),
    scba: method === 'closed-form' ? null : complexityAtRoot(p, root, 'scba', o),
    closedForm: method === 'scba' ? null : complexityAtRoot(p, root, 'closed-form', o),
    nearOnset: method === 'scba' ? null : complexityAtRoot(p, root, 'near-onset', o),
  }));
  const sigma = branches.reduce((m, b) => Math.max(m, (b.scba ?? b.closedForm)?.sigma ?? 0), 0);
  const saddleNode = p.beta_h === 0 ? saddleNodeGain(p) : null;
  const log = new WarningLog();
  log.addAll(rootsResult.warnings);
  log.addAll(saddleNode?.warnings);
  for (const b of branches) for (const c of [b.scba, b.closedForm, b.nearOnset]) log.addAll(c?.warnings);
  return {
    model: 'gru',
    parameters: p,
    origin: p.beta_h === 0 ? originLine(p) : null,
    onset: onsetCriterion(p.alpha_r, p.beta_r),
    saddleNode,
    branches,
    sigma,
    warnings: log.list(),
  };
}

/** Run `complexity`; returns the exit code. */
export async function runComplexity(argv: string[]): Promise<number> {
  const flags = parseFlags('complexity', argv, COMPLEXITY_FLAGS);
  if (flags.help) {
    process.stdout.write(complexityHelp());
    return 0;
  }
  const model = modelOf(flags);
  if (model.name !== 'gru') throw new UsageError(`complexity supports --model gru only (got ${model.name})`);
  const r = complexityReport(parameterValues(model.name, flags), (flags.method as 'all' | 'scba' | 'closed-form') ?? 'all', {
    legendreNodes: flags['legendre-nodes'] as number | undefined,
    etaNodes: flags['eta-nodes'] as number | undefined,
    saturation: flags.saturation as 'fixed-bias' | 'fixed-threshold' | undefined,
  });
  if (flags.json) printJson(r);
  else {
    process.stdout.write(describeComplexity(r));
    printWarnings(r);
  }
  return 0;
}

/** Human-readable report. */
export function describeComplexity(r: ComplexityReport): string {
  const p = r.parameters;
  const lines = [
    `GRU fixed-point landscape at ${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    r.origin ? `  origin: ${r.origin.stable ? 'stable' : 'unstable'} (g_h ρ₀ = ${fmt(p.g_h * r.origin.rho0)}; line g_h = ${fmt(r.origin.criticalGain)}) [KR-11]` : '  origin: not a fixed point (β_h ≠ 0)',
    `  onset: ${r.onset.type} (κ = α_r²(1−ρ₀)(2−3ρ₀) = ${fmt(r.onset.kappa)} vs 2; threshold α_r = ${fmt(r.onset.alphaThreshold)}) [KR-13]`,
  ];
  if (r.saddleNode) lines.push(`  saddle-node: ${r.saddleNode.exists ? `g_sn = ${fmt(r.saddleNode.g_sn, 5)} (C = ${fmt(r.saddleNode.C)})` : 'none'} [KR-15]`);
  if (r.branches.length === 0) lines.push('  no nontrivial mean-field fixed point: Σ_MF = 0');
  else {
    lines.push('');
    lines.push(
      table(
        ['branch', 'C', 'Γ²', 'Γ² (d≡0)', 'Σ full SCBA', 'Σ d≡0 [KR-9]', 'Σ onset [KR-8]', 'α_z→∞'],
        r.branches.map((b) => [b.root.branch, fmt(b.root.C), fmt(b.root.gamma2), fmt(b.root.gamma2NoResetDerivative), b.scba ? fmt(b.scba.sigma, 5) : '—', b.closedForm ? fmt(b.closedForm.sigma, 5) : '—', b.nearOnset ? fmt(b.nearOnset.sigma, 5) : '—', b.marginal.stabilityClass]),
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  lines.push(`  Σ_MF (annealed, untilted saddle) = ${fmt(r.sigma, 5)}`);
  return `${lines.join('\n')}\n`;
}
