/** How one step is taken: `{init, step}` pairs of pure functions over explicit state. */
import type { Energy } from "../energies/types.js";
import type { Measure } from "../measures/types.js";
import type { Key } from "../random/key.js";

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
  /** Step length; the last step of a run may be shorter to land on `until`. */
  readonly dt: number;
  /** Fresh key for this step (the run key folded with the step index). */
  readonly key: Key;
}

export interface Scheme<S extends SchemeState = SchemeState> {
  readonly name: string;
  /** Nominal step length. */
  readonly dt: number;
  /** Stochastic schemes do not decrease F monotonically; flow() checks monotonicity otherwise. */
  readonly stochastic: boolean;
  /** False for fields that are not the gradient of F (e.g. the drifting field): no monotonicity check. */
  readonly descends?: boolean;
  /** Why this scheme cannot run the problem, or undefined when it can. */
  unsupported(problem: Problem): string | undefined;
  init(problem: Problem, key: Key): S;
  step(state: S, ctx: StepContext): S;
  /** The scheme's own (discrete) energy of a state, when it has one; flow() then reports it. */
  energy?(state: S, problem: Problem): number;
  /** What to tell a user whose run with this scheme diverged. */
  divergenceAdvice(dt: number): string;
  /** Counts worth reporting about a run that ended in `state` (e.g. steps retried). */
  events?(state: S): Record<string, number>;
}
