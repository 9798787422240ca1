/**
 * How one step is taken: `{init, step}` pairs of pure functions over explicit state. A scheme
 * holds no step length — flow() owns time and hands each step its interval — and declares the
 * energy structure it supports as data (support.ts), checked once before a run.
 */
import type { EnergyParts } from "../energies/parts.js";
import type { Energy } from "../energies/types.js";
import type { Measure } from "../measures/types.js";
import type { Key } from "../random/key.js";
import type { Supports } from "./support.js";

export interface Problem {
  readonly energy: Energy;
  readonly initial: Measure;
}

/** Everything a scheme carries from step to step; plain data so it can be checkpointed. */
export interface SchemeState {
  readonly step: number;
  readonly t: number;
  readonly measure: Measure;
  /**
   * Set when the scheme cannot go on from this state (e.g. forward Euler folded the map):
   * why, where, and what to use instead. flow() records the state and ends `unstable`.
   */
  readonly halt?: string;
}

export interface StepContext {
  readonly problem: Problem;
  /** The energy's terms, decoded once (energies/parts.ts). */
  readonly parts: EnergyParts;
  /** The interval this step must cover; the last step of a run may be shorter to land on `until`. */
  readonly dt: number;
  /** Fresh key for this step (the run key folded with the step index). */
  readonly key: Key;
  /**
   * 0 on the first try; k on the k-th retry of a step that threw a retryable NumericalError
   * (the scheme decides what a retry changes, e.g. a smaller learning rate).
   */
  readonly attempt: number;
}

export interface Scheme<S extends SchemeState = SchemeState> {
  readonly name: string;
  /** Stochastic schemes do not decrease F monotonically; flow() checks monotonicity otherwise. */
  readonly stochastic: boolean;
  /**
   * False for fields that are not the gradient of F (e.g. the drifting field): no monotonicity
   * check. A function when it depends on the problem.
   */
  readonly descends?: boolean | ((parts: EnergyParts) => boolean);
  /** The energy structures and measures it can run, as data (support.ts). */
  readonly supports: Supports;
  /** How often flow() retries a step that threw a retryable NumericalError (default 0). */
  readonly retries?: number;
  init(problem: Problem, key: Key): S;
  step(state: S, ctx: StepContext): S;
  /** The scheme's own (discrete) energy of a state, when it has one; flow() then reports it. */
  energy?(state: S, problem: Problem): number;
  /** What to tell a user whose run with this scheme diverged at step length dt. */
  divergenceAdvice(dt: number): string;
  /** Counts worth reporting about a run that ended in `state` (e.g. Newton iterations). */
  events?(state: S): Record<string, number>;
  /** What each of those counts means, for the report. */
  readonly eventDefinitions?: Record<string, string>;
}
