/**
 * The entropic JKO step on a 2D grid (Peyré 2015): ρ⁺ = q/h² where the coupling π ≥ 0 of
 *   min ⟨C, π⟩ + ε Σ π(log π − 1) + 2τ F_h(πᵀ1)   subject to   π1 = p = h²ρ
 * gives q = πᵀ1. With π = e^{α ⊕ γ − C/ε} the minimisation alternates two exact updates,
 *   α = log p − L(γ)                 (the hard marginal)
 *   γ = prox(L(α)) − L(α)            (the KL-proximal map of (2τ/ε)F, cell by cell)
 * where L(γ)_k = log Σ_l e^{γ_l − |x_k − x_l|²/ε}. C is separable, so L is two 1D passes
 * (O(n³) on n×n cells), each a matrix product on max-shifted exponentials with an exact
 * log-sum-exp only where that product underflows. Potential and internal terms are in the
 * proximal map; the interaction enters as the potential W∗ρ of the start of the step (a
 * forward–backward step). The entropic blur adds a diffusion of about ε/(4τ) per unit time:
 * ε must be small against τ, and at least a few h² for the kernel to see the grid.
 */
import { z } from "zod";
import { ConfigError, NumericalError } from "../core/errors.js";
import type { Grid } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import {
  cellSize,
  gridBoxParams,
  gridEnergy,
  type GridEnergy,
  gridSupports,
  initialGrid,
} from "./gridEnergy.js";
import type { Problem, Scheme, SchemeState } from "./types.js";

export interface EntropicJkoState extends SchemeState {
  readonly measure: Grid;
  /** γ of the last step, the warm start of the next. */
  readonly dual: Float64Array;
  /** Scaling iterations the last step took. */
  readonly iterations: number;
}

const params = z
  .object({
    epsilon: z
      .number()
      .positive()
      .optional()
      .describe("entropic blur ε of the transport cost (default 2h², h the larger cell side)"),
    tol: z.number().positive().max(1e-2).default(1e-9).describe("stop at ‖πᵀ1 − prox‖₁ ≤ tol·mass"),
    maxIterations: z.number().int().min(1).default(20_000).describe("scaling iterations per step"),
    ...gridBoxParams,
  })
  .strict();
export type EntropicJkoOptions = z.input<typeof params>;

/** max-shifted matrix product along one axis with an exact fallback (see the file comment). */
function logConvolveAxis(
  src: Float64Array,
  dst: Float64Array,
  count: number,
  len: number,
  stride: number,
  step: number,
  kernel: Float64Array,
  cost: Float64Array,
  e: Float64Array,
): void {
  for (let c = 0; c < count; c++) {
    const base = c * stride;
    let m = -Infinity;
    for (let a = 0; a < len; a++) m = Math.max(m, src[base + a * step]);
    if (m === -Infinity) {
      for (let a = 0; a < len; a++) dst[base + a * step] = -Infinity;
      continue;
    }
    for (let a = 0; a < len; a++) e[a] = Math.exp(src[base + a * step] - m);
    for (let a = 0; a < len; a++) {
      let s = 0;
      const row = a * len;
      for (let b = 0; b < len; b++) s += kernel[row + b] * e[b];
      if (s > 1e-280) {
        dst[base + a * step] = m + Math.log(s);
        continue;
      }
      // Far from all the mass the shifted product underflows: exact log-sum-exp.
      let top = -Infinity;
      for (let b = 0; b < len; b++) top = Math.max(top, src[base + b * step] - cost[row + b]);
      let t = 0;
      for (let b = 0; b < len; b++) t += Math.exp(src[base + b * step] - cost[row + b] - top);
      dst[base + a * step] = top + Math.log(t);
    }
  }
}

function axisCost(n: number, h: number, epsilon: number) {
  const cost = new Float64Array(n * n);
  const kernel = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      cost[a * n + b] = ((a - b) * h) ** 2 / epsilon;
      kernel[a * n + b] = Math.exp(-cost[a * n + b]);
    }
  return { cost, kernel };
}

/** L(γ) on an ny×nx grid: rows (along x) then columns (along y). */
function logKernel(ny: number, nx: number, hy: number, hx: number, epsilon: number) {
  const x = axisCost(nx, hx, epsilon);
  const y = axisCost(ny, hy, epsilon);
  const tmp = new Float64Array(ny * nx);
  const e = new Float64Array(Math.max(ny, nx));
  return (src: Float64Array, dst: Float64Array): Float64Array => {
    logConvolveAxis(src, tmp, ny, nx, nx, 1, x.kernel, x.cost, e);
    logConvolveAxis(tmp, dst, nx, ny, 1, nx, y.kernel, y.cost, e);
    return dst;
  };
}

/**
 * The KL-proximal map in log form: log q minimising σF(q) + KL(q | r) cell by cell, i.e. the
 * root of y + σ(V + Σ U'(e^y/v)) = log r (v the cell area). Entropy alone is linear in y;
 * the porous terms make the left side increasing and convex, so Newton from the entropy-only
 * root (which lies to the right of the true root) decreases monotonically onto it.
 */
function proximalLog(terms: GridEnergy, sigma: number, cellArea: number) {
  let beta = 0;
  const porous: { kappa: number; m: number }[] = [];
  for (const t of terms.internals)
    if (t.name === "entropy") beta += t.scale;
    else porous.push({ kappa: t.scale, m: t.m as number });
  const logV = Math.log(cellArea);
  return (logR: number, potential: number): number => {
    const rhs = logR - sigma * potential;
    let y = (rhs - sigma * beta * (1 - logV)) / (1 + sigma * beta);
    if (!porous.length) return y;
    for (let it = 0; it < 100; it++) {
      let g = y + sigma * beta * (y - logV + 1) - rhs;
      let dg = 1 + sigma * beta;
      for (const { kappa, m } of porous) {
        const pw = sigma * kappa * Math.exp((m - 1) * (y - logV));
        g += (pw * m) / (m - 1);
        dg += pw * m;
      }
      const next = y - g / dg;
      if (!(next < y) || y - next < 1e-14 * (1 + Math.abs(y))) return Math.min(y, next);
      y = next;
    }
    return y;
  };
}

function makeEntropicJko2d(options: z.infer<typeof params>): Scheme<EntropicJkoState> {
  const { tol, maxIterations } = options;
  // The grid terms and the Gibbs kernel depend only on the problem's grid: built once.
  const cache = new WeakMap<Problem, { terms: GridEnergy; L?: ReturnType<typeof logKernel> }>();
  const cached = (problem: Problem, g: Grid) => {
    let c = cache.get(problem);
    if (!c) cache.set(problem, (c = { terms: gridEnergy(problem, g) }));
    return c;
  };
  const termsOf = (problem: Problem, g: Grid): GridEnergy => cached(problem, g).terms;
  const epsilonFor = (g: Grid): number => {
    const h = cellSize(g);
    return options.epsilon ?? 2 * h * h;
  };
  return {
    name: "entropic-jko-2d",
    stochastic: false,
    // Each step minimises F + W_ε(ρ_k, ·)/2τ, and W_ε(ρ_k, ρ_k) > 0: F itself need not fall
    // (the blur spreads mass like a diffusion ε/(4τ)), so flow() does not require it to.
    descends: false,
    supports: gridSupports,
    init(problem) {
      const g = initialGrid(problem.initial, options.box);
      const h = Math.max(
        (g.upper[0] - g.lower[0]) / g.shape[0],
        (g.upper[1] - g.lower[1]) / g.shape[1],
      );
      const epsilon = epsilonFor(g);
      if (epsilon < h * h)
        throw new ConfigError(
          `entropic-jko-2d: epsilon ${epsilon} is below h² = ${(h * h).toPrecision(3)}: the Gibbs kernel no longer couples neighbouring cells`,
          `use epsilon ≥ ${(2 * h * h).toPrecision(3)} or a finer grid`,
        );
      if (g.density.some((v) => !(v >= 0) || !Number.isFinite(v)))
        throw new ConfigError("the initial density has negative or non-finite values");
      if (!(g.density.reduce((s, v) => s + v, 0) > 0))
        throw new ConfigError("the initial density has no mass", "check the initial measure");
      return { step: 0, t: 0, measure: g, dual: new Float64Array(g.density.length), iterations: 0 };
    },
    step(state, { problem, dt: tau }) {
      const g = state.measure;
      const [ny, nx] = g.shape;
      const terms = termsOf(problem, g);
      const epsilon = epsilonFor(g);
      const cellArea = terms.hy * terms.hx;
      const size = ny * nx;
      const c = cached(problem, g);
      const L = (c.L ??= logKernel(ny, nx, terms.hy, terms.hx, epsilon));
      const prox = proximalLog(terms, (2 * tau) / epsilon, cellArea);
      const potential = Float64Array.from(terms.potential);
      if (terms.convolve) {
        const conv = terms.convolve(g.density, new Float64Array(size));
        for (let k = 0; k < size; k++) potential[k] += conv[k];
      }
      const logP = new Float64Array(size);
      let mass = 0;
      for (let k = 0; k < size; k++) {
        const p = g.density[k] * cellArea;
        logP[k] = p > 0 ? Math.log(p) : -Infinity;
        mass += p;
      }
      const alpha = new Float64Array(size);
      const gamma = Float64Array.from(state.dual);
      const lg = new Float64Array(size);
      const logR = new Float64Array(size);
      const q = new Float64Array(size);
      let iterations = 0;
      for (;;) {
        L(gamma, lg);
        for (let k = 0; k < size; k++) alpha[k] = logP[k] - lg[k];
        L(alpha, logR);
        // πᵀ1 = e^{γ + L(α)} has the mass of p exactly (π1 = p); compare it with the prox.
        let error = 0;
        for (let k = 0; k < size; k++) {
          q[k] = Math.exp(gamma[k] + logR[k]);
          const y = prox(logR[k], potential[k]);
          error += Math.abs(q[k] - Math.exp(y));
          gamma[k] = y - logR[k];
        }
        iterations++;
        if (!Number.isFinite(error))
          throw new NumericalError(
            "entropic-jko-2d: the scaling iterations produced non-finite values",
            "increase epsilon or decrease dt",
          );
        if (error <= tol * mass) break;
        if (iterations >= maxIterations)
          throw new NumericalError(
            `entropic-jko-2d: no convergence in ${maxIterations} iterations (marginal error ${(error / mass).toExponential(2)})`,
            "increase epsilon, decrease dt, or raise maxIterations",
          );
      }
      const density = new Float64Array(size);
      for (let k = 0; k < size; k++) density[k] = q[k] / cellArea;
      return {
        step: state.step + 1,
        t: state.t + tau,
        measure: { ...g, density },
        dual: gamma,
        iterations,
      };
    },
    energy: (state, problem) => termsOf(problem, state.measure).energy(state.measure.density),
    divergenceAdvice: () => "the entropic JKO step failed; increase epsilon or decrease dt",
  };
}

export const entropicJko2dEntry = defineScheme({
  name: "entropic-jko-2d",
  summary:
    "Implicit entropic JKO steps on a 2D grid: Sinkhorn-like scalings with a proximal marginal",
  family: "jko",
  variational: true,
  params,
  supports: gridSupports,
  make: makeEntropicJko2d,
});

export const entropicJko2d = (o: EntropicJkoOptions = {}) => entropicJko2dEntry.create(o);
