/**
 * Stein variational gradient descent (Liu & Wang 2016) for F = ∫V dρ + ½∬W dρdρ + σ∫ρ log ρ:
 * the Wasserstein velocity −∇δF/δρ smoothed by a kernel k, which moves the score onto k:
 *   φ(x) = (1/N) Σ_j [ k(x_j, x) v_j + σ ∇_{x_j} k(x_j, x) ],   v_j = −∇V(x_j) − ∇W∗ρ(x_j),
 * x ← x + dt·φ(x). Kernels: RBF k = exp(−|x − y|²/h) with h = med²/log N (the median
 * heuristic) or a fixed h, and the linear kernel k = xᵀy + 1, under which the update is an
 * affine map fixed by the empirical moments (the test oracle).
 */
import { z } from "zod";
import { transportVelocity } from "../energies/velocity.js";
import type { Particles } from "../measures/types.js";
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

/** The median heuristic h = med{|x_i − x_j|²}/log N (1 when all points coincide). */
export function medianBandwidth(p: Particles): number {
  const { n, d, x } = p;
  const sq = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (x[i * d + a] - x[j * d + a]) ** 2;
      sq[k++] = r2;
    }
  sq.sort();
  const med = sq.length ? sq[Math.floor(sq.length / 2)] : 0;
  return med > 0 ? med / Math.log(Math.max(n, 2)) : 1;
}

/** φ at every particle (N×d). */
export function svgdDirection(
  p: Particles,
  v: Float64Array,
  sigma: number,
  kernel: "rbf" | "linear",
  h: number,
): Float64Array {
  const { n, d, x } = p;
  const phi = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const w = p.weights ? p.weights[j] : 1 / n;
      if (kernel === "linear") {
        let dot = 1;
        for (let a = 0; a < d; a++) dot += x[i * d + a] * x[j * d + a];
        // ∇_{x_j}(x_jᵀx_i + 1) = x_i
        for (let a = 0; a < d; a++)
          phi[i * d + a] += w * (dot * v[j * d + a] + sigma * x[i * d + a]);
      } else {
        let r2 = 0;
        for (let a = 0; a < d; a++) r2 += (x[i * d + a] - x[j * d + a]) ** 2;
        const k = Math.exp(-r2 / h);
        // ∇_{x_j} k(x_j, x_i) = (2/h)(x_i − x_j)k: the repulsion that replaces the score
        for (let a = 0; a < d; a++)
          phi[i * d + a] +=
            w * k * (v[j * d + a] + ((2 * sigma) / h) * (x[i * d + a] - x[j * d + a]));
      }
    }
  return phi;
}

const params = z
  .object({
    ...particleParams(500, 20_000),
    kernel: z.enum(["rbf", "linear"]).default("rbf").describe("RBF e^{−|x−y|²/h}, or xᵀy + 1"),
    bandwidth: z
      .union([z.literal("median"), z.number().positive()])
      .default("median")
      .describe('RBF width h in e^{−|x−y|²/h}, or "median" (med²/log N)'),
  })
  .strict();
export type SvgdOptions = z.input<typeof params>;

const supports: Supports = {
  terms: ["potential", "interaction", "singular-interaction", "entropy"],
  measures: anyMeasure,
  how: { entropy: "kernel repulsion" },
};

export const svgdEntry = defineScheme({
  name: "svgd",
  summary: "Stein variational gradient descent: the W2 velocity smoothed by a kernel",
  family: "particle",
  params,
  supports,
  make: (p): Scheme<ParticleState> => ({
    name: "svgd",
    stochastic: false,
    // At finite N SVGD descends no computable F: with a narrow kernel the particles collapse
    // and the estimated KL rises, so flow() does not require F to fall.
    descends: false,
    supports,
    init: (problem, k) => initialParticles(problem, p.n, k, p.start),
    step(state, { problem, parts, dt: h }) {
      const x0 = state.measure;
      const v = transportVelocity(problem.energy, x0);
      const width = p.bandwidth === "median" ? medianBandwidth(x0) : p.bandwidth;
      const phi = svgdDirection(x0, v, parts.entropy, p.kernel, width);
      return advance(state, eulerMove(x0.x, phi, h), h);
    },
    divergenceAdvice: (h) =>
      `SVGD is explicit: try dt ≤ ${(h / 4).toPrecision(2)}, or a larger kernel width`,
  }),
});

export const svgd = (o: SvgdOptions = {}) => svgdEntry.create(o);
