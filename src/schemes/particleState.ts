/** Shared plumbing of the particle schemes: initial particles and the next state. */
import { ConfigError } from "../core/errors.js";
import { checkPotentialDimension } from "../energies/velocity.js";
import { sample } from "../measures/convert.js";
import { dimensionOf } from "../measures/types.js";
import type { Particles } from "../measures/types.js";
import type { Key } from "../random/key.js";
import type { Problem, SchemeState } from "./types.js";

export interface ParticleState extends SchemeState {
  readonly measure: Particles;
}

/** The initial particles: the measure itself when it is particles, else n samples of it. */
export function initialParticles(problem: Problem, n: number, k: Key): ParticleState {
  const d = dimensionOf(problem.initial);
  checkPotentialDimension(problem.energy, d);
  if (problem.initial.kind === "particles") {
    if (problem.initial.n < 2)
      throw new ConfigError("particle schemes need N ≥ 2 particles", "sample more points");
    return { step: 0, t: 0, measure: problem.initial };
  }
  if (!Number.isInteger(n) || n < 2)
    throw new ConfigError(`particle count must be an integer ≥ 2, got ${n}`, "use e.g. n = 1000");
  return { step: 0, t: 0, measure: sample(problem.initial, n, k) };
}

/** The next state with new coordinates; non-finite coordinates are kept so that flow() can see them. */
export function advance(state: ParticleState, x: Float64Array, dt: number): ParticleState {
  const m = state.measure;
  const next: Particles = { kind: "particles", n: m.n, d: m.d, x, weights: m.weights };
  return { step: state.step + 1, t: state.t + dt, measure: next };
}
