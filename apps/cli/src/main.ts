#!/usr/bin/env node
/**
 * The `gatefield` command: theory predictions, finite-network simulations and their comparison
 * for random gated recurrent networks.
 *
 * Exit codes: 0 success; 2 usage or invalid input (one line naming the flag or parameter and its
 * valid range); 3 numerical failure (a solver did not converge or found a non-physical answer).
 * Errors print one line on stderr; `--debug` adds the stack trace.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConvergenceError, GatefieldError, InvalidParameterError, NonPhysicalError } from '@gatefield/numerics';
import { adapterFor, adapterNames } from './adapters.js';
import { UsageError } from './args.js';
import { runCompare } from './commands/compare.js';
import { runComplexity } from './commands/complexity.js';
import { runDemo } from './commands/demo.js';
import { runDmft } from './commands/dmft.js';
import { runLyapunov } from './commands/lyapunov.js';
import { runPhase } from './commands/phase.js';
import { runPredict } from './commands/predict.js';
import { runSimulate } from './commands/simulate.js';

const COMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; summary: string }> = {
  predict: { run: runPredict, summary: 'theory: mean field, support, disk masses, limits' },
  simulate: { run: runSimulate, summary: 'finite network: eigenvalues of the fixed-point Jacobian' },
  compare: { run: runCompare, summary: 'theory against simulation over seeds, as a table (and an SVG)' },
  phase: { run: runPhase, summary: 'theory: GRU or gated-RNN phase diagram over two parameters (regions + boundary curves)' },
  complexity: { run: runComplexity, summary: 'theory: Kac–Rice complexity Σ_MF at one parameter set' },
  dmft: { run: runDmft, summary: 'theory: gated-RNN DMFT of the chaotic state (correlations, λ_max)' },
  lyapunov: { run: runLyapunov, summary: 'finite network: Lyapunov exponents by the QR method' },
  demo: { run: runDemo, summary: 'the headline GRU slow-mode comparison, with an SVG of the spectrum' },
};

/** Top-level help. */
export function mainHelp(): string {
  return `gatefield — mean-field and random-matrix theory of random gated RNNs, tested against finite networks

Usage: gatefield <command> [flags]     (gatefield <command> --help for its flags and parameters)

Commands:
${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(10)} ${v.summary}`).join('\n')}

Models (--model): ${adapterNames().map((n) => `${n} (${adapterFor(n)!.title})`).join(', ')}

Exit codes: 0 success; 2 usage error or invalid input; 3 numerical failure (no convergence or a
non-physical result). Errors are one line on stderr; add --debug for a stack trace.
`;
}

/** Map an error to (exit code, one-line message). */
export function classifyError(e: unknown): { code: number; message: string } {
  if (e instanceof UsageError || e instanceof InvalidParameterError) return { code: 2, message: e.message };
  if (e instanceof ConvergenceError || e instanceof NonPhysicalError) return { code: 3, message: e.message };
  if (e instanceof GatefieldError) return { code: 3, message: e.message };
  const msg = e instanceof Error ? e.message : String(e);
  return { code: 3, message: `internal error: ${msg.split('\n')[0]} (run with --debug for details)` };
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      process.stdout.write(mainHelp());
      if (cmd === undefined) throw new UsageError(`missing command: valid commands are ${Object.keys(COMMANDS).join(', ')}`);
      return 0;
    }
    const c = COMMANDS[cmd];
    if (!c) throw new UsageError(`unknown command ${JSON.stringify(cmd)}: valid commands are ${Object.keys(COMMANDS).join(', ')}`);
    return await c.run(rest);
  } catch (e) {
    const { code, message } = classifyError(e);
    process.stderr.write(`gatefield: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return code;
  }
}

/** True when this file is the process entry point (directly, or through the `gatefield` bin symlink). */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
