/**
 * The JKO step in 1D, exactly, in quantile coordinates. With n cells of mass 1/n
 * between boundaries x_0 < … < x_n (quantile function linear between the levels i/n),
 *   W2²(ρ, ρ_k) = (1/3n) Σ_i (d_i² + d_i d_{i+1} + d_{i+1}²),   d = x − x^k,
 *   ∫ U(ρ) = Σ_i h_i U(1/(n h_i)),   h_i = x_{i+1} − x_i,
 *   ∫ V dρ ≈ Σ_i w_i V(x_i)  (trapezoid in s: w = 1/2n at the ends, 1/n inside),
 *   ½∬ W dρ dρ ≈ ½ Σ_{i≠j} w_i w_j W(x_i − x_j)  (same weights, O(n²)),
 * and the step minimises (1/2τ) W2² + F, a convex problem in x when U is
 * displacement convex and V, W convex (h ↦ h U(1/(nh)) is convex; the internal term
 * is a barrier keeping h > 0). Damped Newton with a tridiagonal Hessian costs O(n)
 * per iteration without interactions (with them: Newton–CG on the dense Hessian,
 * O(n²) per product); a backtracking line search on the exact
 * objective keeps every iterate ordered, and a Levenberg shift handles non-convex V.
 *
 * In these coordinates the Wasserstein flow is the L² gradient flow of F(x) on the cone of
 * ordered boundaries, so the JKO step is implicit Euler and `time` picks two second-order
 * variants at the cost of one Newton solve per step (docs/guide/jko.md):
 *  - "midpoint" (Legendre & Turinici): the JKO step of τ/2 gives x½, the step ends at
 *    2x½ − x (geodesic extrapolation; the implicit midpoint rule). The extrapolation is
 *    ordered only while every cell keeps more than half its width over the half step; past
 *    that the map folds and the step throws (not retryable) with the step that would not.
 *  - "bdf2" (Matthes & Plazotta): minimise α|x − x_n|² − β|x − x_{n−1}|² (the discrete W2²
 *    form) + F, which is the JKO step of τ(1 + ω)/(1 + 2ω) from the extrapolated
 *    ((1 + ω)²x_n − ω²x_{n−1})/(1 + 2ω), ω = τ_n/τ_{n−1}; always ordered (the barrier). The
 *    first step, with no x_{n−1}, is a JKO step.
 */
import { z } from "zod";
import { NumericalError } from "../core/errors.js";
import { factorTridiagonal } from "../core/tridiagonal.js";
import { type EnergyParts, energyParts } from "../energies/parts.js";
import type { Energy, InteractionTerm } from "../energies/types.js";
import type { Quantile1d } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import { boundariesToMeasure, quantileBoundaries } from "./quantileBoundaries.js";
import type { Scheme, SchemeState } from "./types.js";

export interface JkoQuantileState extends SchemeState {
  readonly measure: Quantile1d;
  /** The n + 1 cell boundaries. */
  readonly x: Float64Array;
  /** Newton iterations of the last step. */
  readonly newton: number;
  /** BDF2: the boundaries one step back and that step's length (absent before the first step). */
  readonly previous?: { readonly x: Float64Array; readonly dt: number };
}

const params = z
  .object({
    n: z.number().int().min(2).max(1_000_000).default(1000).describe("quantile cells"),
    tol: z
      .number()
      .positive()
      .max(1e-3)
      .default(1e-14)
      .describe("Newton stops when the decrement λ²/2 falls below tol·(1 + |objective|)"),
    maxNewton: z.number().int().min(1).max(10_000).default(100).describe("Newton iterations"),
    time: z
      .enum(["jko", "midpoint", "bdf2"])
      .default("jko")
      .describe(
        "time scheme: JKO (implicit Euler, order 1), midpoint (geodesic extrapolation) or BDF2 (order 2)",
      ),
  })
  .strict();
export type JkoQuantileOptions = z.input<typeof params>;

type Parts = Pick<EnergyParts, "potentials" | "internals" | "interactions">;

/** φ(h) = h U(1/(nh)) and its first two derivatives, for the named internal energies. */
function cellEnergy(
  t: EnergyParts["internals"][number],
  n: number,
  h: number,
): [number, number, number] {
  const c = 1 / n;
  if (t.name === "entropy") return [-c * Math.log(n * h), -c / h, c / (h * h)];
  const m = t.m as number;
  const k = c ** m / (m - 1);
  const p = h ** (1 - m);
  return [k * p, (1 - m) * k * (p / h), m * (m - 1) * k * (p / (h * h))];
}

/** Objective, gradient and tridiagonal Hessian (diag, off) at x. */
function evaluate(
  x: Float64Array,
  xk: Float64Array,
  tau: number,
  parts: Parts,
  grad: Float64Array | undefined,
  diag: Float64Array | undefined,
  off: Float64Array | undefined,
  curvature?: Curvature,
): number {
  const N = x.length - 1;
  const c = 1 / (3 * N * 2 * tau);
  let value = 0;
  grad?.fill(0);
  diag?.fill(0);
  off?.fill(0);
  const one = new Float64Array(1);
  const g1 = new Float64Array(1);
  const gp = new Float64Array(1);
  const gm = new Float64Array(1);
  for (let i = 0; i < N; i++) {
    const da = x[i] - xk[i];
    const db = x[i + 1] - xk[i + 1];
    value += c * (da * da + da * db + db * db);
    if (grad && diag && off) {
      grad[i] += c * (2 * da + db);
      grad[i + 1] += c * (da + 2 * db);
      diag[i] += 2 * c;
      diag[i + 1] += 2 * c;
      off[i] += c;
    }
    const h = x[i + 1] - x[i];
    if (!(h > 0)) return Infinity;
    for (const t of parts.internals) {
      const [phi, d1, d2] = cellEnergy(t, N, h);
      value += t.scale * phi;
      if (grad && diag && off) {
        grad[i] -= t.scale * d1;
        grad[i + 1] += t.scale * d1;
        diag[i] += t.scale * d2;
        diag[i + 1] += t.scale * d2;
        off[i] -= t.scale * d2;
      }
    }
  }
  for (const t of parts.potentials)
    for (let i = 0; i <= N; i++) {
      const w = (i === 0 || i === N ? 0.5 : 1) / N;
      one[0] = x[i];
      value += t.scale * w * t.value(one);
      if (grad && diag) {
        t.grad(one, g1);
        grad[i] += t.scale * w * g1[0];
        // V'' by a central difference of V' (V is supplied with its gradient only).
        const e = 1e-5 * (1 + Math.abs(x[i]));
        one[0] = x[i] + e;
        t.grad(one, gp);
        one[0] = x[i] - e;
        t.grad(one, gm);
        diag[i] += t.scale * w * ((gp[0] - gm[0]) / (2 * e));
      }
    }
  if (curvature) {
    curvature.pairs.fill(0);
    curvature.diagonal.fill(0);
  }
  for (const t of parts.interactions) value += interactionPart(t, x, grad, diag, curvature);
  return value;
}

/** The interaction's dense Hessian, as pair curvatures a_ij (i < j), and the positive diagonal folded into `diag`. */
interface Curvature {
  pairs: Float64Array;
  diagonal: Float64Array;
}

/**
 * ½ Σ_{i≠j} w_i w_j W(x_i − x_j) with the trapezoid weights of the potential term, its
 * gradient, and the positive part of its Hessian's diagonal. The Hessian itself is dense;
 * Newton uses the tridiagonal part plus this diagonal, which keeps every direction a
 * descent direction (the line search does the rest) at O(n²) per evaluation.
 */
function interactionPart(
  t: InteractionTerm,
  x: Float64Array,
  grad: Float64Array | undefined,
  diag: Float64Array | undefined,
  curvature?: Curvature,
): number {
  const N = x.length - 1;
  const k = t.kernel;
  let value = 0;
  for (let i = 0; i <= N; i++) {
    const wi = (i === 0 || i === N ? 0.5 : 1) / N;
    for (let j = i + 1; j <= N; j++) {
      const wj = (j === 0 || j === N ? 0.5 : 1) / N;
      const d = x[i] - x[j];
      const r2 = d * d;
      const ww = t.scale * wi * wj;
      value += ww * k.w(r2);
      if (grad && diag) {
        const c = k.c(r2);
        grad[i] += ww * c * d;
        grad[j] -= ww * c * d;
        // W''(d) = c(r²) + 2r² c'(r²), c' by a central difference in r².
        const e = 1e-6 * r2 + 1e-12;
        const second =
          c + (2 * r2 * (k.c(r2 + e) - k.c(Math.max(0, r2 - e)))) / (r2 + e - Math.max(0, r2 - e));
        if (curvature) curvature.pairs[i * (N + 1) + j] += ww * second;
        if (second > 0) {
          diag[i] += ww * second;
          diag[j] += ww * second;
          if (curvature) {
            curvature.diagonal[i] += ww * second;
            curvature.diagonal[j] += ww * second;
          }
        }
      }
    }
  }
  return value;
}

/** (T + shift·I)⁻¹ rhs into out for the symmetric tridiagonal T; false when not positive definite. */
function solveShifted(
  diag: Float64Array,
  off: Float64Array,
  shift: number,
  rhs: Float64Array,
  out: Float64Array,
): boolean {
  const factor = factorTridiagonal(off, diag, off, { shift, positive: true });
  if (!factor) return false;
  factor.solve(rhs, out);
  return true;
}

/**
 * Refines `step` (the preconditioner's solution, on entry) towards H⁻¹g for the full
 * Hessian H = T + L, T tridiagonal, L the interaction's dense graph Laplacian, by
 * preconditioned conjugate gradients (M = T with the positive interaction diagonal).
 * Stops at a 1e-10 relative residual, or keeps the last iterate on negative curvature.
 */
function newtonCg(
  diag: Float64Array,
  off: Float64Array,
  shift: number,
  curvature: Curvature,
  grad: Float64Array,
  step: Float64Array,
): void {
  const n = grad.length;
  const { pairs, diagonal } = curvature;
  const apply = (v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) out[i] = (diag[i] + shift - diagonal[i]) * v[i];
    for (let i = 0; i < n - 1; i++) {
      out[i] += off[i] * v[i + 1];
      out[i + 1] += off[i] * v[i];
    }
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const a = pairs[i * n + j];
        if (a === 0) continue;
        const d = a * (v[i] - v[j]);
        out[i] += d;
        out[j] -= d;
      }
  };
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const ap = new Float64Array(n);
  apply(step, ap);
  for (let i = 0; i < n; i++) r[i] = grad[i] - ap[i];
  const norm0 = Math.sqrt(grad.reduce((s, g) => s + g * g, 0));
  if (!solveShifted(diag, off, shift, r, z)) return;
  p.set(z);
  let rz = r.reduce((s, v, i) => s + v * z[i], 0);
  for (let it = 0; it < 200; it++) {
    if (Math.sqrt(r.reduce((s, v) => s + v * v, 0)) <= 1e-10 * norm0) return;
    apply(p, ap);
    const pap = p.reduce((s, v, i) => s + v * ap[i], 0);
    if (!(pap > 0)) return;
    const alpha = rz / pap;
    for (let i = 0; i < n; i++) {
      step[i] += alpha * p[i];
      r[i] -= alpha * ap[i];
    }
    if (!solveShifted(diag, off, shift, r, z)) return;
    const rzNext = r.reduce((s, v, i) => s + v * z[i], 0);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
}

/**
 * One JKO step from boundaries xk: the minimiser and its Newton iteration count. `start` is
 * Newton's first iterate (ordered; default xk, which then need not be ordered itself).
 */
export function jkoQuantileStep(
  xk: Float64Array,
  tau: number,
  energy: Energy,
  options: { tol?: number; maxNewton?: number; start?: Float64Array } = {},
): { x: Float64Array; newton: number } {
  const parts = energyParts(energy);
  const N1 = xk.length;
  const x = Float64Array.from(options.start ?? xk);
  const grad = new Float64Array(N1);
  const diag = new Float64Array(N1);
  const off = new Float64Array(N1 - 1);
  const step = new Float64Array(N1);
  const trial = new Float64Array(N1);
  const maxNewton = options.maxNewton ?? 100;
  const tol = options.tol ?? 1e-14;
  const curvature: Curvature | undefined = parts.interactions.length
    ? { pairs: new Float64Array(N1 * N1), diagonal: new Float64Array(N1) }
    : undefined;
  let value = evaluate(x, xk, tau, parts, grad, diag, off, curvature);
  for (let it = 1; it <= maxNewton; it++) {
    // Newton direction, with a Levenberg shift when the Hessian is not positive definite.
    let shift = 0;
    while (!solveShifted(diag, off, shift, grad, step)) {
      let scale = 0;
      for (let i = 0; i < N1; i++) scale = Math.max(scale, Math.abs(diag[i]));
      shift = shift === 0 ? 1e-8 * scale : shift * 10;
      if (!Number.isFinite(shift))
        throw new NumericalError("JKO Newton step: Hessian is not finite");
    }
    if (curvature) newtonCg(diag, off, shift, curvature, grad, step);
    let decrement = 0;
    for (let i = 0; i < N1; i++) decrement += grad[i] * step[i];
    if (decrement / 2 <= tol * (1 + Math.abs(value))) return { x, newton: it - 1 };
    // Backtracking: ordered boundaries (finite objective) and sufficient decrease.
    let alpha = 1;
    let next = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < N1; i++) trial[i] = x[i] - alpha * step[i];
      next = evaluate(trial, xk, tau, parts, undefined, undefined, undefined);
      if (next <= value - 1e-4 * alpha * decrement) break;
      alpha /= 2;
    }
    if (!(next < Infinity) || next > value) return { x, newton: it }; // no progress possible at machine precision
    x.set(trial);
    value = evaluate(x, xk, tau, parts, grad, diag, off, curvature);
  }
  throw new NumericalError(
    `the JKO step did not converge in ${maxNewton} Newton iterations`,
    "use a smaller tau, or check that the energy is convex along the flow",
  );
}

/** The discrete energy of boundaries x (what each JKO step decreases). */
export function quantileEnergy(x: Float64Array, energy: Energy): number {
  return evaluate(x, x, 1, energyParts(energy), undefined, undefined, undefined);
}

type StepOptions = { tol?: number; maxNewton?: number };

/**
 * Geodesic extrapolation: x′ = 2x½ − x from the JKO half step x½. Throws a non-retryable
 * NumericalError naming the cells and a step that keeps them ordered when x′ is not.
 */
export function midpointStep(
  x: Float64Array,
  tau: number,
  energy: Energy,
  options: StepOptions = {},
): { x: Float64Array; newton: number } {
  const half = jkoQuantileStep(x, tau / 2, energy, options);
  const next = Float64Array.from(half.x, (v, i) => 2 * v - x[i]);
  // Cell i folds when its half-step width ratio r = h½/h ≤ ½.
  let [worst, at, folded] = [1, -1, 0];
  for (let i = 0; i + 1 < x.length; i++) {
    const r = (half.x[i + 1] - half.x[i]) / (x[i + 1] - x[i]);
    if (r < worst) [worst, at] = [r, i];
    if (!(next[i + 1] - next[i] > 0)) folded++;
  }
  if (!folded) return { x: next, newton: half.newton };
  // The half step compresses a cell at rate c by r ≈ 1/(1 + cτ/2), which stays above ½ while
  // τ < 2/c. The half step's own r saturates when it nearly reaches equilibrium, so c is read
  // from the velocity at the start, v = −∇F/w (lumped masses w): c = −Δv/h; the advice halves 2/c.
  const N = x.length - 1;
  const grad = new Float64Array(N + 1);
  evaluate(x, x, 1, energyParts(energy), grad, new Float64Array(N + 1), new Float64Array(N));
  let rate = 0;
  for (let i = 0; i < N; i++) {
    const v = (j: number) => (-grad[j] * N) / (j === 0 || j === N ? 0.5 : 1);
    rate = Math.max(rate, -(v(i + 1) - v(i)) / (x[i + 1] - x[i]));
  }
  const safe = rate > 0 ? 1 / rate : tau / 4;
  throw new NumericalError(
    `the midpoint step's extrapolated map 2T − Id folds: ${folded} of ${x.length - 1} cells lose more than half their width over the half step (worst at x ∈ [${x[at].toPrecision(4)}, ${x[at + 1].toPrecision(4)}], width ratio ${worst.toPrecision(3)})`,
    `use dt ≤ ${safe.toPrecision(2)}, or --set scheme.time=bdf2 (second order, never folds) or scheme.time=jko`,
    false,
  );
}

/** The BDF2 step (variable step ratio) from x_n with x_{n−1} one step of length previous.dt back. */
export function bdf2Step(
  x: Float64Array,
  previous: { x: Float64Array; dt: number },
  tau: number,
  energy: Energy,
  options: StepOptions = {},
): { x: Float64Array; newton: number } {
  const w = tau / previous.dt;
  const from = Float64Array.from(
    x,
    (v, i) => ((1 + w) ** 2 * v - w * w * previous.x[i]) / (1 + 2 * w),
  );
  return jkoQuantileStep(from, (tau * (1 + w)) / (1 + 2 * w), energy, { ...options, start: x });
}

export const jkoQuantile1dEntry = defineScheme({
  name: "jko-quantile-1d",
  summary: "The exact 1D JKO step in quantile coordinates: damped Newton on the cell boundaries",
  family: "jko",
  variational: true,
  params,
  supports: {
    terms: ["potential", "interaction", "singular-interaction", "entropy", "porous"],
    measures: ["gaussian", "particles", "grid", "quantile1d"],
    dims: [1],
    how: {
      interaction: "Newton–CG, O(n²)",
      "singular-interaction": "Newton–CG, O(n²)",
      entropy: "exact on the cells",
      porous: "exact on the cells",
    },
  },
  make: (p): Scheme<JkoQuantileState> => ({
    name: "jko-quantile-1d",
    stochastic: false,
    // JKO decreases F at every step; the second-order steps do not in general (BDF2 decreases
    // F + W2²(ρ_n, ρ_{n−1})/4τ, Matthes & Plazotta), so flow() does not check them.
    descends: p.time === "jko",
    supports: jkoQuantile1dEntry.supports,
    init(problem) {
      // Given unweighted particles are the cells' centres: one cell of mass 1/N each.
      const m = problem.initial;
      const x = quantileBoundaries(m, m.kind === "particles" && !m.weights ? m.n : p.n);
      return { step: 0, t: 0, x, measure: boundariesToMeasure(x), newton: 0 };
    },
    step(state, { problem, dt }) {
      const { x, newton } =
        p.time === "midpoint"
          ? midpointStep(state.x, dt, problem.energy, p)
          : p.time === "bdf2" && state.previous
            ? bdf2Step(state.x, state.previous, dt, problem.energy, p)
            : jkoQuantileStep(state.x, dt, problem.energy, p);
      return {
        step: state.step + 1,
        t: state.t + dt,
        x,
        measure: boundariesToMeasure(x),
        newton,
        ...(p.time === "bdf2" ? { previous: { x: state.x, dt } } : {}),
      };
    },
    energy: (state, problem) => quantileEnergy(state.x, problem.energy),
    divergenceAdvice: (h) =>
      `the JKO step failed; try dt ≤ ${(h / 4).toPrecision(2)} or more quantile cells`,
  }),
});

export const jkoQuantile1d = (o: JkoQuantileOptions = {}) => jkoQuantile1dEntry.create(o);
