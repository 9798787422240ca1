/**
 * ottoflow — Wasserstein gradient flows: energies say what, schemes say how,
 * flow() owns the loop.
 *
 * @example
 * ```ts
 * import { flow, energy, scheme, measure, key } from "ottoflow";
 * const F = energy.kl(energy.doubleWell());
 * const run = await flow({
 *   energy: F,
 *   initial: measure.gaussian({ mean: [0], cov: [[0.05 ** 2]] }),
 *   scheme: scheme.langevin({ n: 2000 }),
 *   dt: 0.005, until: 10, saveEvery: 1, key: key(0),
 * });
 * run.status; // "ok"
 * ```
 */
// networks on several threads (the neural scheme's `workers`): Node's worker threads
import "./nn/splitNet.js";
export * as energy from "./energies/index.js";
export * as scheme from "./schemes/index.js";
export * as measure from "./measures/index.js";
export * as random from "./random/index.js";
export * as linalg from "./core/index.js";
export * as diagnostics from "./diagnostics/index.js";
export * as ot from "./ot/index.js";
export { key, split, foldIn, type Key } from "./random/key.js";
export { flow, schedule } from "./flow/flow.js";
export type * from "./flow/types.js";
export type { Energy, EnergyTerm, RadialKernel } from "./energies/types.js";
export type { Measure, Particles, Gaussian, Grid, Quantile1d } from "./measures/types.js";
export type { Scheme, SchemeState, Problem, StepContext } from "./schemes/types.js";
export { OttoflowError, ConfigError, NumericalError } from "./core/errors.js";
export type { Meter } from "./core/meter.js";
export { encodeNpy, decodeNpy, type NpyArray } from "./io/npy.js";
export { setKernelBuild, type KernelBuild } from "./nn/arena.js";
export {
  presets,
  findPreset,
  presetNamed,
  type Preset,
  type Experiment,
  type PlotView,
  type TimeSettings,
} from "./presets/index.js";
export type { BuildContext, Tuning } from "./presets/types.js";
export type { Graph } from "./graph/graph.js";
export {
  resolveRun,
  parseSet,
  experimentKeys,
  type RunConfig,
  type RunRequest,
} from "./config/resolve.js";
export {
  prepareRun,
  runPrepared,
  runExperiment,
  type PreparedRun,
  type FinishedRun,
  type RunHooks,
  type RunRecord,
} from "./config/run.js";
export type { Summary } from "./config/summary.js";
export { VERSION } from "./version.js";
