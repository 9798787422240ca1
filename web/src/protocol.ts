/** Messages between the page and the worker that runs ottoflow. */
import type { Measure, Particles } from "../../src/measures/types.js";
import type { RunStatus } from "../../src/flow/types.js";

/** A 2D density tabulated on an nx × ny grid of cell centres over [x0, x1] × [y0, y1], row-major in y. */
export interface DensityTable {
  x: [number, number];
  y: [number, number];
  nx: number;
  ny: number;
  values: Float64Array;
}

/** One flow to run: a preset, a scheme, values routed like `--set` (validated in the worker), a seed. */
export interface JobSpec {
  /** Name of the job within its panel, e.g. "heat". */
  name: string;
  preset: string;
  /** The scheme (default: the preset's). */
  scheme?: string;
  /** Problem parameters, dt / until / save_every, and scheme.KEY values. */
  values: Record<string, unknown>;
  seed: number;
  /** Continue the job's previous run when only its horizon (until) grew. */
  extend?: boolean;
  /**
   * The metrics the panel draws: only these are evaluated as the run goes, the others when it
   * is exported (default: all of them as it goes).
   */
  metrics?: string[];
  /**
   * Tabulate the density of every saved iterate on a cells × cells grid, where the scheme
   * evaluates its own density (the neural JKO, through its inverted maps), with the exact law at
   * the same time where the preset knows it in closed form (OU).
   */
  density?: { cells: number };
}

export type ToWorker =
  | { type: "run"; runId: number; jobs: JobSpec[] }
  | { type: "cancel"; runId: number }
  | { type: "export"; runId: number; job: string; name: string }
  | { type: "distance"; runId: number; a: string; b: string };

/** The live state, at most one per display frame: what is drawn now. */
export interface FrameMessage {
  type: "frame";
  runId: number;
  job: string;
  step: number;
  t: number;
  measure: Measure;
}

/** A saved snapshot with its diagnostics, at the preset's save interval: curves over time. */
export interface SnapshotMessage {
  type: "snapshot";
  runId: number;
  job: string;
  step: number;
  t: number;
  energy: number;
  metrics: Record<string, number>;
  measure: Measure;
}

/** The density of a saved iterate, tabulated in the worker, and the exact law's beside it. */
export interface DensityMessage {
  type: "density";
  runId: number;
  job: string;
  step: number;
  t: number;
  /** ρ_k as the scheme represents it (absent where it could not be evaluated: see `error`). */
  learned?: DensityTable;
  /** The exact law at t, on the same grid. */
  exact?: DensityTable;
  error?: string;
  /** Time to tabulate ρ_k, ms. */
  ms: number;
}

export type FromWorker =
  | {
      type: "start";
      runId: number;
      job: string;
      /** True when the previous frames stay (the run continues). */
      resumed: boolean;
      /** The step it continues from: frames after it are computed again. */
      fromStep: number;
      until: number;
      scheme: string;
      problem: Record<string, unknown>;
      reference?: Particles;
      /** The reference law's density on a grid over the reference sample, for contours. */
      referenceDensity?: DensityTable;
    }
  | FrameMessage
  | SnapshotMessage
  | DensityMessage
  | { type: "done"; runId: number; job: string; status: RunStatus; advice?: string; ms: number }
  | { type: "error"; runId: number; job: string; message: string; advice?: string }
  | { type: "zip"; runId: number; name: string; bytes: Uint8Array }
  | { type: "distance"; runId: number; t: number[]; w2: number[]; method: string };
