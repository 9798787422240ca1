/**
 * Entropic optimal transport in the log domain, with ε-scaling, and the debiased
 * Sinkhorn divergence. Never forms the n×m kernel: costs are recomputed on the
 * fly and each soft-min is a one-pass log-sum-exp that skips terms more than 40
 * units below the running maximum (each such term weighs < e^{−40} ≈ 4e-18 of
 * the sum), so small ε costs no more than large ε per iteration and never NaN.
 */
import { type Meter, logFraction, partOf } from "../core/meter.js";
import { ConfigError } from "../core/errors.js";
import { type Cloud, sameDimension, squaredDiameter } from "./cloud.js";

const CUTOFF = 40;

/**
 * out_i = −ε log Σ_j exp(h_j − |x_i − y_j|²/ε), h_j = log w_j + g_j/ε. Two passes over a
 * row buffer: the maximum (branch-free), then the sum of the terms within CUTOFF of it.
 */
function softmin(
  eps: number,
  x: Cloud,
  y: Cloud,
  h: Float64Array,
  out: Float64Array,
  row: Float64Array,
): void {
  const inv = 1 / eps;
  const { d } = x;
  const ys = y.x;
  const m = y.n;
  for (let i = 0; i < x.n; i++) {
    let mx = -Infinity;
    if (d === 2) {
      const x0 = x.x[2 * i];
      const x1 = x.x[2 * i + 1];
      for (let j = 0; j < m; j++) {
        const d0 = x0 - ys[2 * j];
        const d1 = x1 - ys[2 * j + 1];
        const v = h[j] - (d0 * d0 + d1 * d1) * inv;
        row[j] = v;
        mx = v > mx ? v : mx;
      }
    } else {
      const xi = i * d;
      for (let j = 0; j < m; j++) {
        let c = 0;
        for (let k = 0; k < d; k++) {
          const diff = x.x[xi + k] - ys[j * d + k];
          c += diff * diff;
        }
        const v = h[j] - c * inv;
        row[j] = v;
        mx = v > mx ? v : mx;
      }
    }
    const floor = mx - CUTOFF;
    let s = 0;
    for (let j = 0; j < m; j++) {
      const v = row[j];
      if (v > floor) s += Math.exp(v - mx);
    }
    out[i] = -eps * (mx + Math.log(s));
  }
}

function logWeightsPlus(
  w: Float64Array,
  g: Float64Array,
  eps: number,
  out: Float64Array,
): Float64Array {
  for (let j = 0; j < w.length; j++) out[j] = Math.log(w[j]) + g[j] / eps;
  return out;
}

export interface SinkhornOptions {
  /** Stop when the L2 marginal error of the plan is below this (default 1e-9, as POT). */
  tol?: number;
  /** Iteration cap (default 10000, as POT); past it the result says converged: false. */
  maxIterations?: number;
  /** ε-scaling ratio per stage, in (0, 1) (default 0.5); 0 disables scaling. */
  scaling?: number;
  /** Told how far the iteration has got (ε-scaling stages, then the error's fall towards tol). */
  meter?: Meter;
  /**
   * Potentials to start from (f on x, g on y; a self problem reads f alone), such as the last
   * solve's for nearby points: ε-scaling is then skipped, and the iteration starts where they
   * leave it. Ignored where the lengths do not match the clouds.
   */
  init?: { readonly f: Float64Array; readonly g?: Float64Array };
}

export interface SinkhornResult {
  eps: number;
  f: Float64Array;
  g: Float64Array;
  /** OT_ε = ⟨a, f⟩ + ⟨b, g⟩ = ⟨P, C⟩ + ε KL(P ‖ a⊗b) at the optimum. */
  cost: number;
  /** ⟨P_ε, C⟩ alone: what POT's sinkhorn2 reports. */
  transportCost: number;
  iterations: number;
  marginalError: number;
  converged: boolean;
}

function checkEps(eps: number): void {
  if (!(eps > 0) || !Number.isFinite(eps))
    throw new ConfigError(
      `ε must be a positive number, got ${eps}`,
      "e.g. --eps 0.01 (squared-distance units)",
    );
}

function epsSchedule(eps: number, diameter2: number, scaling: number): number[] {
  const list: number[] = [];
  if (scaling > 0 && scaling < 1)
    for (let e = Math.max(diameter2, eps); e > eps; e *= scaling) list.push(e);
  list.push(eps);
  return list;
}

/** ⟨P, C⟩ and the L2 errors of both marginals of P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε). */
function planSummary(eps: number, x: Cloud, y: Cloud, f: Float64Array, g: Float64Array) {
  const { d } = x;
  const col = new Float64Array(y.n);
  let rowErr = 0;
  let transport = 0;
  for (let i = 0; i < x.n; i++) {
    let row = 0;
    for (let j = 0; j < y.n; j++) {
      let c = 0;
      for (let k = 0; k < d; k++) {
        const diff = x.x[i * d + k] - y.x[j * d + k];
        c += diff * diff;
      }
      const e = (f[i] + g[j] - c) / eps;
      if (e < -CUTOFF - 700) continue;
      const p = x.w[i] * y.w[j] * Math.exp(e);
      row += p;
      col[j] += p;
      transport += p * c;
    }
    rowErr += (row - x.w[i]) ** 2;
  }
  let colErr = 0;
  for (let j = 0; j < y.n; j++) colErr += (col[j] - y.w[j]) ** 2;
  return { transport, marginalError: Math.max(Math.sqrt(rowErr), Math.sqrt(colErr)) };
}

/**
 * L2 error of the first marginal of the plan of (f, g), a_i (exp((f_i − T(g)_i)/ε) − 1);
 * after a (plain) g-update the second marginal is exact, so this is the whole error.
 */
function rowError(
  eps: number,
  x: Cloud,
  y: Cloud,
  f: Float64Array,
  g: Float64Array,
  work: Work,
): number {
  softmin(eps, x, y, logWeightsPlus(y.w, g, eps, work.hy), work.fNext, work.rowY);
  let err = 0;
  for (let i = 0; i < x.n; i++) err += (x.w[i] * Math.expm1((f[i] - work.fNext[i]) / eps)) ** 2;
  return Math.sqrt(err);
}

interface Work {
  hx: Float64Array;
  hy: Float64Array;
  gNext: Float64Array;
  fNext: Float64Array;
  rowX: Float64Array;
  rowY: Float64Array;
}

const CHECK_EVERY = 10;

/**
 * Entropic OT between two weighted clouds with cost |x − y|², absolute regularisation ε.
 * ε-scaling warm-starts the final stage; there, over-relaxed updates f ← (1−ω)f + ωT(g)
 * with ω = 2/(1 + √(1 − θ)), θ the contraction rate of plain Sinkhorn (Lehmann et al.
 * 2021), cut the iteration count roughly to its square root. θ is re-estimated from the
 * observed rate at every check (adaptive SOR), since the early rate understates the
 * asymptotic one; a check that finds the error grown halves ω − 1.
 */
export function sinkhorn(
  x: Cloud,
  y: Cloud,
  eps: number,
  options: SinkhornOptions = {},
): SinkhornResult {
  sameDimension(x, y);
  checkEps(eps);
  const tol = options.tol ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
  const f = new Float64Array(x.n);
  const g = new Float64Array(y.n);
  const work: Work = {
    hx: new Float64Array(x.n),
    hy: new Float64Array(y.n),
    gNext: new Float64Array(y.n),
    fNext: new Float64Array(x.n),
    rowX: new Float64Array(x.n),
    rowY: new Float64Array(y.n),
  };
  const relax = (target: Float64Array, next: Float64Array, omega: number): void => {
    for (let i = 0; i < target.length; i++) target[i] += omega * (next[i] - target[i]);
  };
  const update = (e: number, omega: number): void => {
    softmin(e, x, y, logWeightsPlus(y.w, g, e, work.hy), work.fNext, work.rowY);
    relax(f, work.fNext, omega);
    softmin(e, y, x, logWeightsPlus(x.w, f, e, work.hx), work.gNext, work.rowX);
    relax(g, work.gNext, omega);
  };
  let iterations = 0;
  const warm = options.init?.f.length === x.n && options.init.g?.length === y.n;
  if (warm) {
    f.set(options.init!.f);
    g.set(options.init!.g!);
  }
  const schedule = warm ? [eps] : epsSchedule(eps, squaredDiameter(x, y), options.scaling ?? 0.5);
  const stages = schedule.length - 1;
  // The stages are a fifth of the work at most; the final stage's error decides the rest.
  const scalingShare = stages > 0 ? 0.2 : 0;
  for (const [s, e] of schedule.slice(0, -1).entries()) {
    update(e, 1);
    iterations++;
    options.meter?.(((s + 1) / stages) * scalingShare, 1);
  }
  let omega = 1;
  let lastErr = rowError(eps, x, y, f, g, work);
  let marginalError = lastErr;
  const firstErr = lastErr;
  let checks = 0;
  while (marginalError > tol && iterations < maxIterations) {
    options.meter?.(
      scalingShare +
        (1 - scalingShare) *
          Math.max(logFraction(firstErr, marginalError, tol), iterations / maxIterations),
      1,
    );
    for (let k = 0; k < CHECK_EVERY && iterations < maxIterations; k++, iterations++)
      update(eps, omega);
    marginalError = rowError(eps, x, y, f, g, work);
    const rate = (marginalError / lastErr) ** (1 / CHECK_EVERY);
    if (!(marginalError < lastErr)) {
      // Too much relaxation (or none helps yet): back off halfway towards plain Sinkhorn.
      omega = 1 + (omega - 1) / 2;
    } else if (++checks >= 2) {
      // Adaptive SOR (Hageman–Young): the observed rate λ under ω gives the plain rate
      // μ² = (λ + ω − 1)²/(λ ω²), and with it the optimal ω = 2/(1 + √(1 − μ²)).
      const mu2 = Math.min(1, (rate + omega - 1) ** 2 / (rate * omega * omega));
      const best = Math.min(1.95, 2 / (1 + Math.sqrt(1 - mu2)));
      if (best > omega) omega = best;
    }
    lastErr = marginalError;
  }
  softmin(eps, x, y, logWeightsPlus(y.w, g, eps, work.hy), f, work.rowY);
  const summary = planSummary(eps, x, y, f, g);
  let cost = 0;
  for (let i = 0; i < x.n; i++) cost += x.w[i] * f[i];
  for (let j = 0; j < y.n; j++) cost += y.w[j] * g[j];
  return {
    eps,
    f,
    g,
    cost,
    transportCost: summary.transport,
    iterations,
    marginalError: summary.marginalError,
    converged: summary.marginalError <= 10 * tol,
  };
}

/** OT_ε(α, α) by the symmetric, averaged iteration f ← ½(f + T(f)), which converges fast. */
export function sinkhornSelf(
  x: Cloud,
  eps: number,
  options: SinkhornOptions = {},
): { f: Float64Array; cost: number; iterations: number } {
  checkEps(eps);
  const tol = options.tol ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
  const f = new Float64Array(x.n);
  const next = new Float64Array(x.n);
  const h = new Float64Array(x.n);
  const row = new Float64Array(x.n);
  let iterations = 0;
  const warm = options.init?.f.length === x.n;
  if (warm) f.set(options.init!.f);
  const schedule = warm ? [eps] : epsSchedule(eps, squaredDiameter(x, x), options.scaling ?? 0.5);
  let firstChange = NaN;
  for (const [s, e] of schedule.entries()) {
    const final = e === eps;
    let change = Infinity;
    do {
      if (!final) options.meter?.((0.2 * s) / schedule.length, 1);
      else if (change < Infinity) {
        if (Number.isNaN(firstChange)) firstChange = change;
        options.meter?.(0.2 + 0.8 * logFraction(firstChange, change, tol * eps), 1);
      }
      softmin(e, x, x, logWeightsPlus(x.w, f, e, h), next, row);
      change = 0;
      for (let i = 0; i < x.n; i++) {
        const avg = 0.5 * (f[i] + next[i]);
        change = Math.max(change, Math.abs(avg - f[i]));
        f[i] = avg;
      }
      iterations++;
    } while (final && change > tol * eps && iterations < maxIterations);
  }
  softmin(eps, x, x, logWeightsPlus(x.w, f, eps, h), f, row);
  let cost = 0;
  for (let i = 0; i < x.n; i++) cost += 2 * x.w[i] * f[i];
  return { f, cost, iterations };
}

export interface SinkhornDivergence {
  value: number;
  eps: number;
  crossCost: number;
  iterations: number;
  marginalError: number;
  converged: boolean;
}

/** S_ε(α, β) = OT_ε(α, β) − ½ OT_ε(α, α) − ½ OT_ε(β, β) ≥ 0 (Feydy et al. 2019), zero iff α = β. */
export function sinkhornDivergence(
  x: Cloud,
  y: Cloud,
  eps: number,
  options: SinkhornOptions = {},
): SinkhornDivergence {
  // The cross problem needs the most iterations; each self problem converges fast.
  const part = (from: number, to: number) => ({
    ...options,
    meter: partOf(options.meter, from, to),
  });
  const cross = sinkhorn(x, y, eps, part(0, 0.7));
  const xx = sinkhornSelf(x, eps, part(0.7, 0.85));
  const yy = sinkhornSelf(y, eps, part(0.85, 1));
  const value = cross.cost - 0.5 * xx.cost - 0.5 * yy.cost;
  return {
    value: Math.max(0, value),
    eps,
    crossCost: cross.cost,
    iterations: cross.iterations + xx.iterations + yy.iterations,
    marginalError: cross.marginalError,
    converged: cross.converged,
  };
}
