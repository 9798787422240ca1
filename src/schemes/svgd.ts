/**
 * Stein variational gradient descent (Liu & Wang 2016) for F = ∫V dρ + ½∬W dρdρ + σ∫ρ log ρ:
 * the Wasserstein velocity −∇δF/δρ smoothed by a kernel k, which moves the score onto k:
 *   φ(x) = (1/N) Σ_j [ k(x_j, x) v_j + σ ∇_{x_j} k(x_j, x) ],   v_j = −∇V(x_j) − ∇W∗ρ(x_j),
 * x ← x + dt·φ(x). Kernels: RBF k = exp(−|x − y|²/h) with h = med²/log N (the median
 * heuristic) or a fixed h, and the linear kernel k = xᵀy + 1, under which the update is an
 * affine map fixed by the empirical moments (the test oracle).
 */
import { ConfigError } from "../core/errors.js";
import { entropyCoefficient } from "../energies/types.js";
import { transportVelocity } from "../energies/velocity.js";
import type { Particles } from "../measures/types.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export interface SvgdOptions {
  dt: number;
  n?: number;
  kernel?: "rbf" | "linear";
  /** RBF width h in exp(−|x − y|²/h): a positive number or "median" (default). */
  bandwidth?: number | "median";
}

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

export function svgd(options: SvgdOptions): Scheme<ParticleState> {
  const { dt, n = 500, kernel = "rbf", bandwidth = "median" } = options;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new ConfigError(`svgd: dt must be > 0, got ${dt}`);
  if (bandwidth !== "median" && !(bandwidth > 0 && Number.isFinite(bandwidth)))
    throw new ConfigError(
      `svgd: the kernel bandwidth must be > 0, got ${bandwidth}`,
      'use a positive width or "median"',
    );
  return {
    name: "svgd",
    dt,
    stochastic: false,
    unsupported(problem) {
      const porous = problem.energy.terms.find(
        (t) => t.type === "internal" && t.name !== "entropy",
      );
      if (porous) return `SVGD carries only the entropy through the kernel, not "${porous.name}"`;
      return undefined;
    },
    init: (problem, k) => initialParticles(problem, n, k),
    step(state, { problem, dt: h }) {
      const p = state.measure;
      const v = transportVelocity(problem.energy, p);
      const width = bandwidth === "median" ? medianBandwidth(p) : bandwidth;
      const phi = svgdDirection(p, v, entropyCoefficient(problem.energy), kernel, width);
      const x = new Float64Array(p.x.length);
      for (let i = 0; i < x.length; i++) x[i] = p.x[i] + h * phi[i];
      return advance(state, x, h);
    },
    divergenceAdvice: (h) =>
      `SVGD is explicit: try dt ≤ ${(h / 4).toPrecision(2)}, or a larger kernel width`,
  };
}
