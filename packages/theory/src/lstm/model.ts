/**
 * The LSTM model spec as the theory reads it: the compiled kernels of `lstmSpec()` ([LSTM-M-2]) and
 * parameter validation against the spec ranges. Every LSTM site quantity in this folder (gates,
 * cell value, the Jacobian factors of [LSTM-J-2]) is evaluated through these kernels, so that the
 * theory and the simulator read the same definition of the LSTM.
 *
 * The model is compiled here from `lstmSpec()` (cached) rather than looked up in the registry, so
 * the theory does not depend on the registry's model names.
 */
import { type CompiledModel, compileModel, lstmSpec } from '@gatefield/models';

/** LSTM parameters (names as in the model spec, [LSTM-M-2]). */
export interface LstmParameters {
  g_c: number;
  beta_c: number;
  alpha_f: number;
  beta_f: number;
  alpha_i: number;
  beta_i: number;
  alpha_o: number;
  beta_o: number;
}

let compiled: CompiledModel | null = null;

/** The compiled relaxation-form LSTM spec [LSTM-M-2] (compiled once). */
export function lstmModel(): CompiledModel {
  if (!compiled) compiled = compileModel(lstmSpec());
  return compiled;
}

/** What the LSTM functions accept as parameters: a (partial) {@link LstmParameters} or any record (validated). */
export type LstmParameterInput = Partial<LstmParameters> | Partial<Record<string, unknown>>;

/** Validate LSTM parameters against the spec ranges and fill defaults (throws InvalidParameterError). */
export function resolveLstmParameters(given: LstmParameterInput = {}): LstmParameters {
  return lstmModel().resolve(given as Partial<Record<string, unknown>>).values as unknown as LstmParameters;
}

/** The packed parameter vector of the compiled model. */
export function lstmParameterVector(p: LstmParameters): Float64Array {
  return lstmModel().resolve(p as unknown as Record<string, number>).vector;
}
