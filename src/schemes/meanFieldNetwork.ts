/**
 * Mean-field training of a two-layer ReLU network as a Wasserstein flow in neuron space
 * (seed 004, "Training two-layer MLPs"; Chizat & Bach 2018, Mei et al. 2018). A neuron is
 * x = (w, a) ∈ R² × R, its feature ψ(x, z) = a·ReLU(w·z), the network G_α(z) = ∫ψ dα, and the
 * population risk for z ~ N(0, I₂) against a teacher G*(z) = (1/m)Σ_k ReLU(w*_k·z) is
 *   f(α) = ½∬ a a' K(w, w') dα dα − ∫ a (1/m)Σ_k K(w, w*_k) dα + ½(1/m²)Σ_kl K(w*_k, w*_l),
 * with the arc-cosine kernel K(w, w') = E[ReLU(w·z)ReLU(w'·z)] = |w||w'|(sin φ + (π − φ)cos φ)/(2π),
 * φ the angle between w and w' (Cho & Saul 2009), so the risk is exact — no data sampling.
 * ∇_w K(w, w') = ((π − φ)w' + |w'| sin φ · ŵ)/(2π). Particles follow ẋ_i = −∇_x δf(α)(x_i)
 * by explicit Euler; `homogeneity: 1` freezes the outer weights (only w moves).
 */
import { z } from "zod";
import type { NetworkRiskTerm } from "../energies/types.js";
import type { Particles } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import { type ParticleState, advance, initialParticles, particleParams } from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Problem, Scheme } from "./types.js";

/** K(w, w') for w, w' ∈ R² (0 when either vanishes). */
export function arcCosineKernel(w0: number, w1: number, v0: number, v1: number): number {
  return kernelOf(w0, w1, Math.hypot(w0, w1), v0, v1, Math.hypot(v0, v1));
}

/** ∇_w K(w, w') into out[0..1]. */
export function arcCosineGradient(
  w0: number,
  w1: number,
  v0: number,
  v1: number,
  out: Float64Array,
): void {
  kernelAndGradient(w0, w1, Math.hypot(w0, w1), v0, v1, Math.hypot(v0, v1), out);
}

export interface Teacher {
  /** Unit directions w*_k, row-major m×2. */
  readonly directions: Float64Array;
}

/** Neurons are stored as (w1, w2, a) so that plots of the first two coordinates show w. */
export function networkRisk(p: Particles, teacher: Teacher): number {
  const { n, x } = p;
  const m = teacher.directions.length / 2;
  const t = teacher.directions;
  const [norm, normT] = norms(x, n, t, m);
  let quad = 0;
  let lin = 0;
  for (let i = 0; i < n; i++) {
    const [w0, w1, a, nw] = [x[3 * i], x[3 * i + 1], x[3 * i + 2], norm[i]];
    for (let j = 0; j < n; j++)
      quad += a * x[3 * j + 2] * kernelOf(w0, w1, nw, x[3 * j], x[3 * j + 1], norm[j]);
    for (let k = 0; k < m; k++) lin += a * kernelOf(w0, w1, nw, t[2 * k], t[2 * k + 1], normT[k]);
  }
  let self = 0;
  for (let k = 0; k < m; k++)
    for (let l = 0; l < m; l++)
      self += arcCosineKernel(t[2 * k], t[2 * k + 1], t[2 * l], t[2 * l + 1]);
  return (0.5 * quad) / (n * n) - lin / (n * m) + (0.5 * self) / (m * m);
}

/** |w_j| of the neurons and |w*_k| of the teacher, computed once instead of once per pair. */
function norms(
  x: Float64Array,
  n: number,
  t: Float64Array,
  m: number,
): [Float64Array, Float64Array] {
  return [
    Float64Array.from({ length: n }, (_, j) => Math.hypot(x[3 * j], x[3 * j + 1])),
    Float64Array.from({ length: m }, (_, k) => Math.hypot(t[2 * k], t[2 * k + 1])),
  ];
}

/** K(w, w') with the norms |w| = nw and |w'| = nv given (0 when either vanishes). */
function kernelOf(w0: number, w1: number, nw: number, v0: number, v1: number, nv: number): number {
  if (nw === 0 || nv === 0) return 0;
  const cos = Math.max(-1, Math.min(1, (w0 * v0 + w1 * v1) / (nw * nv)));
  const phi = Math.acos(cos);
  return (nw * nv * (Math.sin(phi) + (Math.PI - phi) * cos)) / (2 * Math.PI);
}

/**
 * K(w, w') and ∇_w K(w, w') (into out[0..1]) at once, for |w| = nw and |w'| = nv given: one
 * arc cosine and one sine for both, and the norms computed once per particle by the caller.
 */
function kernelAndGradient(
  w0: number,
  w1: number,
  nw: number,
  v0: number,
  v1: number,
  nv: number,
  out: Float64Array,
): number {
  if (nw === 0 || nv === 0) {
    // K(·, w') is 1-homogeneous and ∇K(0, w') = E[1{0 > 0}…] = 0 by the ReLU convention
    out[0] = out[1] = 0;
    return 0;
  }
  const cos = Math.max(-1, Math.min(1, (w0 * v0 + w1 * v1) / (nw * nv)));
  const phi = Math.acos(cos);
  const sin = Math.sin(phi);
  out[0] = ((Math.PI - phi) * v0 + (nv * sin * w0) / nw) / (2 * Math.PI);
  out[1] = ((Math.PI - phi) * v1 + (nv * sin * w1) / nw) / (2 * Math.PI);
  return (nw * nv * (sin + (Math.PI - phi) * cos)) / (2 * Math.PI);
}

/** −∇_x δf(α)(x_i) for every neuron (N×3). */
export function networkVelocity(p: Particles, teacher: Teacher, trainOuter: boolean): Float64Array {
  const { n, x } = p;
  const m = teacher.directions.length / 2;
  const t = teacher.directions;
  const v = new Float64Array(3 * n);
  const g = new Float64Array(2);
  const [norm, normT] = norms(x, n, t, m);
  for (let i = 0; i < n; i++) {
    const [w0, w1, a, nw] = [x[3 * i], x[3 * i + 1], x[3 * i + 2], norm[i]];
    // δf(x) = a·[(1/n)Σ_j a_j K(w, w_j) − (1/m)Σ_k K(w, w*_k)] = a·r(w)
    let r = 0;
    let gw0 = 0;
    let gw1 = 0;
    for (let j = 0; j < n; j++) {
      const aj = x[3 * j + 2] / n;
      r += aj * kernelAndGradient(w0, w1, nw, x[3 * j], x[3 * j + 1], norm[j], g);
      gw0 += aj * g[0];
      gw1 += aj * g[1];
    }
    for (let k = 0; k < m; k++) {
      r -= kernelAndGradient(w0, w1, nw, t[2 * k], t[2 * k + 1], normT[k], g) / m;
      gw0 -= g[0] / m;
      gw1 -= g[1] / m;
    }
    v[3 * i] = -a * gw0;
    v[3 * i + 1] = -a * gw1;
    v[3 * i + 2] = trainOuter ? -r : 0;
  }
  return v;
}

const params = z.object(particleParams(100, 20_000)).strict();
export type MeanFieldNetworkOptions = z.input<typeof params>;

const supports: Supports = {
  terms: ["network-risk"],
  needs: ["network-risk"],
  measures: anyMeasure,
  dims: [3],
  note: "neurons (w1, w2, a) in R³",
};

const termOf = (problem: Problem): NetworkRiskTerm => problem.energy.terms[0] as NetworkRiskTerm;

export const meanFieldNetworkEntry = defineScheme({
  name: "mean-field-network",
  summary: "Explicit Euler on the neurons of a two-layer ReLU network (its mean-field W2 flow)",
  family: "problem-specific",
  params,
  supports,
  make: ({ n, start }): Scheme<ParticleState> => ({
    name: "mean-field-network",
    stochastic: false,
    supports,
    init: (problem, k) => initialParticles(problem, n, k, start),
    step(state, { problem, dt: h }) {
      const term = termOf(problem);
      const p = state.measure;
      const v = networkVelocity(p, term, term.trainOuter);
      const x = new Float64Array(p.x.length);
      for (let i = 0; i < x.length; i++) x[i] = p.x[i] + term.scale * h * v[i];
      return advance(state, x, h);
    },
    energy: (state, problem) => termOf(problem).scale * networkRisk(state.measure, termOf(problem)),
    divergenceAdvice: (h) => `explicit Euler on the neurons: try dt ≤ ${(h / 4).toPrecision(2)}`,
  }),
});

export const meanFieldNetwork = (o: MeanFieldNetworkOptions = {}) =>
  meanFieldNetworkEntry.create(o);
