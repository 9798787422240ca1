/**
 * The particle ODE ẋ_i = −∇V(x_i) − (1/N)Σ_j ∇W(x_i − x_j) by explicit Euler:
 * the deterministic flow of potential + interaction energies (no internal term).
 */
import { ConfigError } from "../core/errors.js";
import { transportVelocity } from "../energies/velocity.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export interface InteractionOdeOptions {
  dt: number;
  n?: number;
}

export function interactionOde(options: InteractionOdeOptions): Scheme<ParticleState> {
  const { dt, n = 1000 } = options;
  if (!(dt > 0) || !Number.isFinite(dt))
    throw new ConfigError(`interaction-ode: dt must be > 0, got ${dt}`);
  return {
    name: "interaction-ode",
    dt,
    stochastic: false,
    unsupported(problem) {
      const internal = problem.energy.terms.find((t) => t.type === "internal");
      return internal
        ? `the interaction ODE has no internal energy ("${internal.name}"); use langevin for the entropy`
        : undefined;
    },
    init: (problem, k) => initialParticles(problem, n, k),
    step(state, { problem, dt: h }) {
      const p = state.measure;
      const v = transportVelocity(problem.energy, p);
      const x = new Float64Array(p.x.length);
      for (let i = 0; i < x.length; i++) x[i] = p.x[i] + h * v[i];
      return advance(state, x, h);
    },
    divergenceAdvice: (h) =>
      `explicit Euler is stable only while dt·L < 2 (L: Lipschitz constant of the velocity); try dt ≤ ${(h / 4).toPrecision(2)}`,
  };
}
