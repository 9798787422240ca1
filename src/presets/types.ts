/** A preset: a named experiment whose every parameter is validated and settable. */
import type { z } from "zod";
import type { Energy } from "../energies/types.js";
import type { EvaluateOptions } from "../energies/evaluate.js";
import type { History, Metric } from "../flow/types.js";
import type { Measure, Particles } from "../measures/types.js";
import type { PlotView } from "../plot/series.js";
import type { Key } from "../random/key.js";
import type { Scheme } from "../schemes/types.js";

/** Everything flow() needs, plus what the run directory records and plots. */
export interface Experiment {
  energy: Energy;
  initial: Measure;
  scheme: Scheme;
  until: number;
  saveEvery: number;
  metrics: Record<string, Metric>;
  evaluate?: EvaluateOptions;
  /** Named event times derived from the history at the end (e.g. when pulses merge), for summary.json. */
  events?: (history: History) => Record<string, number | null>;
  /** Problem data derived from the seed (e.g. A and b), recorded in run.json. */
  problem: Record<string, unknown>;
  view: PlotView;
  /** Samples of the target (teacher, data) that pictures draw behind the particles. */
  reference?: Particles;
}

export interface Preset<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  /** One line for `ottoflow presets`. */
  readonly summary: string;
  /** Where it comes from (seed section). */
  readonly source: string;
  readonly params: S;
  build(params: z.infer<S>, key: Key): Experiment;
}

export function definePreset<S extends z.ZodObject>(p: Preset<S>): Preset<S> {
  return p;
}
