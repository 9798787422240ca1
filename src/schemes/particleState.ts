/** Shared plumbing of the particle schemes: their common parameters, initial particles, the next state. */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { cholesky } from "../core/linalg.js";
import { sample, toQuantile1d } from "../measures/convert.js";
import { moments } from "../measures/moments.js";
import { dimensionOf } from "../measures/types.js";
import type { Particles } from "../measures/types.js";
import { momentsOf } from "../ot/gaussian.js";
import type { Key } from "../random/key.js";
import type { Problem, SchemeState } from "./types.js";

export interface ParticleState extends SchemeState {
  readonly measure: Particles;
}

/**
 * How particles are drawn from a measure that is not already particles: independent samples,
 * the quantiles Q((i + ½)/n) (1D: deterministic, no sampling noise in the start), or samples
 * moved affinely onto the measure's exact mean and covariance (any d).
 */
export const particleStarts = ["sample", "quantile", "moments"] as const;
export type ParticleStart = (typeof particleStarts)[number];

/** The parameters every particle scheme shares. */
export const particleParams = (n = 1000, max = 1_000_000) => ({
  n: z
    .number()
    .int()
    .min(2)
    .max(max)
    .default(n)
    .describe("particles drawn from the initial measure (unless it is particles already)"),
  start: z
    .enum(particleStarts)
    .default("sample")
    .describe("how they are drawn: samples, 1D quantiles, or samples with the exact moments"),
});

/** Samples moved by x ↦ m + L_ρ L_x⁻¹(x − m_x) onto the mean and covariance of the measure. */
function momentMatched(p: Particles, target: ReturnType<typeof momentsOf>): Particles {
  const { n, d } = p;
  const own = moments(p);
  const from = cholesky(own.cov);
  const to = cholesky(target.cov);
  const x = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    // z = L_x⁻¹(x − m_x) by forward substitution, then x' = m + L_ρ z
    for (let a = 0; a < d; a++) {
      let s = p.x[i * d + a] - own.mean[a];
      for (let b = 0; b < a; b++) s -= from.data[a * d + b] * z[b];
      z[a] = s / from.data[a * d + a];
    }
    for (let a = 0; a < d; a++) {
      let s = target.mean[a];
      for (let b = 0; b <= a; b++) s += to.data[a * d + b] * z[b];
      x[i * d + a] = s;
    }
  }
  return { kind: "particles", n, d, x };
}

/** The initial particles: the measure itself when it is particles, else n of them drawn by `start`. */
export function initialParticles(
  problem: Problem,
  n: number,
  k: Key,
  start: ParticleStart = "sample",
): ParticleState {
  const m = problem.initial;
  if (m.kind === "particles") {
    if (m.n < 2)
      throw new ConfigError("particle schemes need N ≥ 2 particles", "sample more points");
    return { step: 0, t: 0, measure: m };
  }
  if (!Number.isInteger(n) || n < 2)
    throw new ConfigError(`particle count must be an integer ≥ 2, got ${n}`, "use e.g. n = 1000");
  const d = dimensionOf(m);
  if (start === "quantile") {
    if (d !== 1)
      throw new ConfigError(
        `the quantile start is 1D; the initial measure is ${d}D`,
        'use start "moments" for samples with the exact mean and covariance',
      );
    const x = Float64Array.from(toQuantile1d(m, n).values);
    return { step: 0, t: 0, measure: { kind: "particles", n, d: 1, x } };
  }
  const drawn = sample(m, n, k);
  if (start === "moments") {
    if (n <= d)
      throw new ConfigError(
        `matching a ${d}-dimensional covariance needs more than ${d} particles`,
      );
    return { step: 0, t: 0, measure: momentMatched(drawn, momentsOf(m)) };
  }
  return { step: 0, t: 0, measure: drawn };
}

/** The next state with new coordinates; non-finite coordinates are kept so that flow() can see them. */
export function advance(state: ParticleState, x: Float64Array, dt: number): ParticleState {
  const m = state.measure;
  const next: Particles = { kind: "particles", n: m.n, d: m.d, x, weights: m.weights };
  return { step: state.step + 1, t: state.t + dt, measure: next };
}

/** x + h·v: the explicit Euler move of every particle. */
export function eulerMove(x: Float64Array, v: Float64Array, h: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + h * v[i];
  return out;
}
