/**
 * The MMD flow towards target samples (Arbel, Korba, Salim & Gretton 2019): explicit Euler on
 * the energy of energies/mmd.ts, optionally with noise injection — the witness gradient is
 * evaluated at x_i + β_k u_i, u_i ~ N(0, I), β_k = noise/√(k + 1) — which helps the flow out
 * of the spurious stationary points that plain MMD descent gets stuck in.
 */
import { z } from "zod";
import { transportVelocity, transportVelocityAt } from "../energies/velocity.js";
import { normal } from "../random/sample.js";
import { defineScheme } from "./entry.js";
import {
  type ParticleState,
  advance,
  eulerMove,
  initialParticles,
  particleParams,
} from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Scheme } from "./types.js";

const params = z
  .object({
    ...particleParams(500, 20_000),
    noise: z.number().min(0).default(0).describe("noise injection β₀ (0: plain MMD descent)"),
  })
  .strict();
export type MmdFlowOptions = z.input<typeof params>;

const supports: Supports = {
  terms: ["potential", "interaction", "singular-interaction"],
  measures: anyMeasure,
};

export const mmdFlowEntry = defineScheme({
  name: "mmd-flow",
  summary: "Explicit Euler on an MMD energy, with optional noise injection (Arbel et al. 2019)",
  family: "particle",
  params,
  supports,
  make: ({ n, start, noise }): Scheme<ParticleState> => ({
    name: "mmd-flow",
    stochastic: noise > 0,
    supports,
    init: (problem, k) => initialParticles(problem, n, k, start),
    step(state, { problem, dt: h, key }) {
      const p = state.measure;
      const { d } = p;
      let v: Float64Array;
      if (noise > 0) {
        const beta = noise / Math.sqrt(state.step + 1);
        const u = normal(key, p.x.length);
        v = new Float64Array(p.x.length);
        const y = new Float64Array(d);
        const out = new Float64Array(d);
        for (let i = 0; i < p.n; i++) {
          for (let a = 0; a < d; a++) y[a] = p.x[i * d + a] + beta * u[i * d + a];
          transportVelocityAt(problem.energy, p, y, out);
          v.set(out, i * d);
        }
      } else v = transportVelocity(problem.energy, p);
      return advance(state, eulerMove(p.x, v, h), h);
    },
    divergenceAdvice: (h) => `the MMD flow is explicit: try dt ≤ ${(h / 4).toPrecision(2)}`,
  }),
});

export const mmdFlow = (o: MmdFlowOptions = {}) => mmdFlowEntry.create(o);
