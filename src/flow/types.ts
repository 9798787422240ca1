/** The vocabulary of a run: snapshots, statuses, checkpoints, results. */
import type { Energy } from "../energies/types.js";
import type { EvaluateOptions } from "../energies/evaluate.js";
import type { Measure } from "../measures/types.js";
import type { Key } from "../random/key.js";
import type { Scheme, SchemeState } from "../schemes/types.js";

/** ok: reached `until`; diverged: NaN/overflow; unstable: F increased under a deterministic scheme;
 * stalled: the wall-clock budget ran out; cancelled: the AbortSignal fired. */
/** How a run ended; "inaccurate": it ran, but ended far from the answer its preset knows. */
export type RunStatus = "ok" | "inaccurate" | "diverged" | "unstable" | "stalled" | "cancelled";

/** A diagnostic computed at every saved time, e.g. the W2 distance to a known solution. */
export type Metric = (measure: Measure, t: number) => number;

export interface Snapshot {
  readonly step: number;
  readonly t: number;
  readonly measure: Measure;
  readonly energy: number;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface History {
  step: number[];
  t: number[];
  energy: number[];
  metrics: Record<string, number[]>;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface Checkpoint {
  readonly version: 1;
  readonly state: SchemeState;
  readonly history: History;
  readonly elapsedMs: number;
  /** Steps retried so far (see Scheme.retries). */
  readonly retries?: number;
}

export interface Progress {
  readonly step: number;
  readonly steps: number;
  readonly t: number;
  readonly until: number;
  readonly elapsedMs: number;
}

export interface FlowOptions {
  energy: Energy;
  initial: Measure;
  scheme: Scheme;
  /** The step: flow() hands each step its interval (the last one may be shorter, to land on `until`). */
  dt: number;
  /** Final time. */
  until: number;
  /** Time between snapshots (rounded to a whole number of steps); default: 10 snapshots. */
  saveEvery?: number;
  key: Key;
  metrics?: Record<string, Metric>;
  evaluate?: EvaluateOptions;
  signal?: AbortSignal;
  /** Wall-clock budget; past it the run ends "stalled". */
  maxWallMs?: number;
  /** Relative increase of F between snapshots tolerated under a deterministic scheme. */
  energyIncreaseTol?: number;
  /**
   * Evaluate F in the loop only where the run's own check reads it (a deterministic scheme
   * that descends, whose F must not rise) or where only the scheme can (its own `energy`);
   * elsewhere F is recorded as NaN for the caller to evaluate later on the saved snapshots
   * with `energyAt` (the explorer does, when a run is exported). Default false.
   */
  energyOnlyForChecks?: boolean;
  /** How often the loop yields to the event loop, so that signals and messages get in (default 50 ms). */
  yieldEveryMs?: number;
  /**
   * How it yields (default a zero-delay setTimeout). A browser clamps nested zero timers to
   * 4 ms, so a worker that yields every few milliseconds passes a message-channel hop instead.
   */
  yieldControl?: () => Promise<void>;
  onStep?: (p: Progress) => void;
  /** Once the first state exists, before any step or save: what the run will take (for bounds). */
  onStart?: (s: SchemeState, plan: { steps: number; saves: number }) => void | Promise<void>;
  /** Keep every snapshot in the result (default true); a caller that writes them out passes false. */
  keepSnapshots?: boolean;
  /** Every state, without diagnostics: for live displays that draw faster than snapshots are saved. */
  onState?: (s: SchemeState) => void;
  onSnapshot?: (s: Snapshot) => void | Promise<void>;
  onCheckpoint?: (c: Checkpoint) => void | Promise<void>;
  resume?: Checkpoint;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly advice?: string;
  readonly steps: number;
  /** Steps that had to be retried (their first attempt threw a NumericalError). */
  readonly retries: number;
  readonly history: History;
  /** Snapshots taken by this call (a resumed run holds only the ones after the checkpoint). */
  readonly snapshots: Snapshot[];
  /** The last state whose numbers were all finite. */
  readonly final: SchemeState;
  readonly timings: { total_ms: number; steps_ms: number; diagnostics_ms: number };
}
