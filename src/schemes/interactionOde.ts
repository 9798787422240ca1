/**
 * The particle ODE ẋ_i = −∇V(x_i) − (1/N)Σ_j ∇W(x_i − x_j) by explicit Euler:
 * the deterministic flow of potential + interaction energies (no internal term).
 */
import { z } from "zod";
import { transportVelocity } from "../energies/velocity.js";
import { defineScheme } from "./entry.js";
import { type ParticleState, advance, initialParticles, particleParams } from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Scheme } from "./types.js";

const params = z.object(particleParams(1000)).strict();
export type InteractionOdeOptions = z.input<typeof params>;

const supports: Supports = {
  terms: ["potential", "interaction", "singular-interaction"],
  measures: anyMeasure,
};

export const interactionOdeEntry = defineScheme({
  name: "interaction-ode",
  summary: "The deterministic particle ODE of potential and interaction energies, explicit Euler",
  family: "particle",
  params,
  supports,
  make: (p): Scheme<ParticleState> => ({
    name: "interaction-ode",
    stochastic: false,
    supports,
    init: (problem, k) => initialParticles(problem, p.n, k, p.start),
    step(state, { problem, dt: h }) {
      const x0 = state.measure;
      const v = transportVelocity(problem.energy, x0);
      const x = new Float64Array(x0.x.length);
      for (let i = 0; i < x.length; i++) x[i] = x0.x[i] + h * v[i];
      return advance(state, x, h);
    },
    divergenceAdvice: (h) =>
      `explicit Euler is stable only while dt·L < 2 (L: Lipschitz constant of the velocity); try dt ≤ ${(h / 4).toPrecision(2)}`,
  }),
});

export const interactionOde = (o: InteractionOdeOptions = {}) => interactionOdeEntry.create(o);
