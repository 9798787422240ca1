/**
 * A preset is a problem: an energy, an initial measure, a horizon, reference answers and
 * metrics — plus the scheme it runs with by default. Any registered scheme that supports the
 * problem can run it instead (`--scheme NAME`); `tuned` holds what this problem wants with a
 * scheme other than its default (a step, scheme settings), where the registry's defaults would
 * not do.
 */
import { z } from "zod";
import type { Energy } from "../energies/types.js";
import type { EvaluateOptions } from "../energies/evaluate.js";
import type { History, Metric } from "../flow/types.js";
import type { Measure, Particles } from "../measures/types.js";
import type { Key } from "../random/key.js";
import type { SchemeEntry } from "../schemes/entry.js";

/** What a preset knows about the picture: the reference density and a sensible range. */
export interface PlotView {
  /** Reference density (normalised) drawn over 1D histograms. */
  targetPdf?: (x: number) => number;
  targetLabel?: string;
  /** Further reference densities, each drawn with its own dash pattern and label. */
  references?: readonly { label: string; pdf: (x: number) => number }[];
  range?: [number, number];
  bins?: number;
  /** A 2D reference density (normalised), drawn as contours: the law the particles approximate. */
  targetPdf2d?: (x: number, y: number) => number;
}

/** The step policy of a run, owned by flow(): the step, the horizon, the time between snapshots. */
export interface TimeSettings {
  dt: number;
  until: number;
  save_every: number;
}

/** The bounds every run's time settings are checked against (a preset may narrow them). */
export const timeSchema = z
  .object({
    dt: z.number().positive().max(1e6).describe("the step (τ for the JKO-type schemes)"),
    until: z.number().positive().max(1e9).describe("the final time"),
    save_every: z
      .number()
      .positive()
      .max(1e9)
      .describe("time between snapshots (rounded to a whole number of steps)"),
  })
  .strict();

export const timeKeys = ["dt", "until", "save_every"] as const;

/** Everything flow() needs besides the scheme and time, plus what the run directory records and plots. */
export interface Experiment {
  energy: Energy;
  initial: Measure;
  metrics: Record<string, Metric>;
  evaluate?: EvaluateOptions;
  /**
   * How the metrics read a state's measure when the scheme's kind differs from what they were
   * written for (e.g. a particle pool as a grid density, by KDE). Identity when absent.
   */
  readout?: (m: Measure) => Measure;
  /** Named quantities derived from the history at the end (e.g. when pulses merge), for summary.json. */
  events?: (history: History) => Record<string, number | null>;
  /** What each event measures, in a sentence (summary.json's event_definitions, the report). */
  eventDefinitions?: Record<string, string>;
  /** Problem data derived from the seed (e.g. A and b), recorded in run.json. */
  problem: Record<string, unknown>;
  /**
   * Where the preset knows the answer: a metric (distance to the exact solution) whose final
   * value a healthy run stays below. Past `limit` an otherwise ok run ends "inaccurate".
   */
  accuracy?: { metric: string; limit: number };
  view: PlotView;
  /** Samples of the target (teacher, data) that pictures draw behind the particles. */
  reference?: Particles;
}

/** What building a problem may depend on besides its own parameters. */
export interface BuildContext {
  /** The problem key of the seed (e.g. for A and b of the OU preset); never the flow's. */
  readonly key: Key;
  readonly time: TimeSettings;
  /** The scheme that will run it (JKO-type schemes get the exact JKO iterates as a metric). */
  readonly scheme: SchemeEntry;
  readonly schemeParams: Record<string, unknown>;
}

/** Another scheme's settings for this problem. */
export interface Tuning {
  time?: Partial<TimeSettings>;
  scheme?: Record<string, unknown>;
  /** Problem parameters this scheme needs other than the defaults (e.g. a later start). */
  params?: Record<string, unknown>;
}

export interface Preset<S extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  /** One line for `ottoflow presets`. */
  readonly summary: string;
  /** Where it comes from (seed section). */
  readonly source: string;
  /** The problem's own parameters (`--set KEY=VALUE`). */
  readonly params: S;
  /** The default step policy, possibly depending on the problem's parameters. */
  readonly time: TimeSettings | ((p: z.infer<S>) => TimeSettings);
  /** The scheme it runs with unless told otherwise, and that scheme's settings for it. */
  readonly scheme: { name: string; params?: Record<string, unknown> };
  readonly tuned?: Readonly<Record<string, Tuning>>;
  /**
   * Scheme parameters the problem decides itself — e.g. `n` and `start` when its start is a
   * given set of particles: setting them is refused instead of silently ignored.
   */
  readonly decides?: readonly string[];
  /** Names that run this problem with another scheme, kept for the command lines that use them. */
  readonly aliases?: readonly { name: string; scheme: string }[];
  build(params: z.infer<S>, context: BuildContext): Experiment;
}

export function definePreset<S extends z.ZodObject>(p: Preset<S>): Preset<S> {
  return p;
}
