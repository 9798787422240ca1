/**
 * One variational JKO step on samples alone (seed 001 §3, Algorithm 1; Fan, Zhang, Taghvaei &
 * Chen 2022): the internal energy is written by its dual formula against a reference μ,
 *   ∫U(ρ) = c·sup_h E_ρ[h] − E_μ[g*(h)] (+ E_ρ[log μ] for the entropy),
 * so the step is the saddle problem
 *   min_T max_h  E|T(x) − x|²/(2a) + c·(E[h(T(x))] − E_μ[g*(h(z))]) + E[V(T(x))] (+ E[log μ(T(x))]),
 * trained by alternating `inner` Adam steps on h with one on T, `outer` times, on batches of
 * the pool. The pool is then pushed through T once, so every step costs the same.
 *  - entropy (KL to e^{−V}): μ the Gaussian moment-matched to the pool, g*(s) = e^{s−1}, c = 1;
 *  - porous medium κ∫ρ^m/(m−1): μ uniform on a box around the pool (density μ₀), and with
 *    g(r) = r^m/(m−1), ∫U(ρ) = κμ₀^{m−1}∫g(ρ/μ₀)dμ, so c = κμ₀^{m−1} and
 *    g*(s) = ((m−1)/m)·s·r(s), r(s) = ((m−1)s/m)^{1/(m−1)} for s > 0 (0 otherwise), g*' = r.
 *    The dual formula needs the pushed samples inside the box: it is the pool's range widened
 *    by a quarter on each side. g* vanishes on s ≤ 0, so where ρ has no mass any h ≤ 0 is
 *    optimal and its slope is arbitrary; T is therefore moved by h's positive part h⁺ (which
 *    the maximiser h* = g'(ρ/μ₀) ≥ 0 equals, and whose dual value is never lower). With h
 *    itself, the network's slope beyond the support pushed stray particles ever outwards, the
 *    box and with it the dual's scale grew, and the training collapsed (aggregation–diffusion
 *    near its steady state).
 */
import { ConfigError, NumericalError } from "../core/errors.js";
import { cholesky, inverseSpd } from "../core/linalg.js";
import type { InteractionTerm, PotentialTerm } from "../energies/types.js";
import { interactionVelocity } from "../energies/velocity.js";
import type { Energy } from "../energies/types.js";
import { moments } from "../measures/moments.js";
import type { Particles } from "../measures/types.js";
import { type Key, foldIn } from "../random/key.js";
import { normal, uniform } from "../random/sample.js";
import { Adam } from "../nn/mlp.js";
import { type DualConjugate, DualGuard } from "./dualGuard.js";
import type { Net } from "../nn/net.js";

export interface KlJkoOptions {
  /** JKO step a. */
  step: number;
  /** Outer iterations J1 (one Adam step on T each). */
  outer: number;
  /** Inner Adam steps on h per outer iteration, J2. */
  inner: number;
  /** Batch size M. */
  batch: number;
  lr: number;
  /** Learning-rate schedule over the step's iterations (default constant). */
  schedule?: "constant" | "cosine";
  /** Adam's memory for T and h from the previous step (Adam.exportState); fresh when absent. */
  optimizer?: OptimizerMemory;
}

/** The two optimisers' states, carried from one step to the next. */
export interface OptimizerMemory {
  readonly T: Float64Array;
  readonly h: Float64Array | null;
}

/**
 * The cosine schedule's factor at iteration it of J1: 1 for the first half, then down to 0 by
 * a half cosine, so that the last iterates average the gradient noise instead of riding it.
 */
export function cosineTail(it: number, outer: number): number {
  const half = Math.floor(outer / 2);
  if (it < half) return 1;
  return 0.5 * (1 + Math.cos((Math.PI * (it - half + 1)) / (outer - half + 1)));
}

export interface KlJkoResult {
  /** The pool pushed by the trained map. */
  readonly pool: Particles;
  /** Primal objective per outer iteration (a noisy estimate, for diagnostics). */
  readonly primal: Float64Array;
  /** Adam's memory at the step's end, for the next step. */
  readonly optimizer: OptimizerMemory;
}

/** The potential terms of an energy (the part that needs no dual formula). */
function potentialOf(energy: Energy): PotentialTerm[] {
  if (energy.terms.some((t) => t.type === "interaction"))
    throw new ConfigError(
      "the variational step takes potential + internal energies; interactions need the forward–backward step",
    );
  return energy.terms.filter((t): t is PotentialTerm => t.type === "potential");
}

/** A reference measure with its conjugate, as the dual formula above needs. */
interface Reference extends DualConjugate {
  /** c: the dual value's weight in the primal objective. */
  readonly weight: number;
  sample(k: Key, M: number): Float64Array;
  /** g* vanishes on s ≤ 0: T is moved by h's positive part (see the header). */
  readonly positivePart?: boolean;
  /** E[log μ(y)]'s integrand and its gradient (added to out), for the entropy only. */
  logDensity?(y: Float64Array, out: Float64Array, scale: number): number;
}

/** The Gaussian moment-matched to the pool: z = m + Lξ, ∇log μ(y) = −Σ⁻¹(y − m). */
function gaussianReference(pool: Particles): Reference {
  const { d } = pool;
  const { mean, cov } = moments(pool);
  const L = cholesky(cov);
  const precision = inverseSpd(cov).data;
  return {
    weight: 1,
    sample(k, M) {
      const xi = normal(k, M * d);
      const z = new Float64Array(M * d);
      for (let r = 0; r < M; r++)
        for (let i = 0; i < d; i++) {
          let s = mean[i];
          for (let j = 0; j <= i; j++) s += L.data[i * d + j] * xi[r * d + j];
          z[r * d + i] = s;
        }
      return z;
    },
    conjugate: (s) => Math.exp(s - 1),
    conjugateSlope: (s) => Math.exp(s - 1),
    bestOffset(hz) {
      // E[e^{h(z)+c−1}] = 1; in log-sum-exp form, so that a collapsed h overflows nothing
      let top = -Infinity;
      for (const v of hz) top = Math.max(top, v);
      let sum = 0;
      for (const v of hz) sum += Math.exp(v - top);
      return 1 - top - Math.log(sum / hz.length);
    },
    logDensity(y, out, scale) {
      let quad = 0;
      for (let i = 0; i < d; i++) {
        let sy = 0;
        for (let j = 0; j < d; j++) sy += precision[i * d + j] * (y[j] - mean[j]);
        quad += (y[i] - mean[i]) * sy;
        out[i] -= scale * sy;
      }
      return -0.5 * quad;
    },
  };
}

/** Uniform on the pool's bounding box widened by a quarter per side, for κ∫ρ^m/(m−1). */
function uniformReference(pool: Particles, m: number, kappa: number): Reference {
  const { n, d, x } = pool;
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      lo[a] = Math.min(lo[a], x[i * d + a]);
      hi[a] = Math.max(hi[a], x[i * d + a]);
    }
  let volume = 1;
  for (let a = 0; a < d; a++) {
    const pad = 0.25 * (hi[a] - lo[a]);
    lo[a] -= pad;
    hi[a] += pad;
    volume *= hi[a] - lo[a];
  }
  const r = (s: number) => (s > 0 ? (((m - 1) * s) / m) ** (1 / (m - 1)) : 0);
  return {
    weight: kappa * (1 / volume) ** (m - 1),
    sample(k, M) {
      const u = uniform(k, M * d);
      return Float64Array.from(u, (v, i) => lo[i % d] + v * (hi[i % d] - lo[i % d]));
    },
    conjugate: (s) => ((m - 1) / m) * s * r(s),
    conjugateSlope: r,
    positivePart: true,
  };
}

export function klJkoStep(
  pool: Particles,
  energy: Energy,
  T: Net,
  h: Net,
  options: KlJkoOptions,
  key: Key,
): KlJkoResult {
  const potentials = potentialOf(energy);
  return variationalJkoStep(pool, potentials, gaussianReference(pool), T, h, options, key);
}

/** The step for F = ∫V dρ + κ∫ρ^m/(m−1) (porous medium), against a uniform reference. */
export function porousJkoStep(
  pool: Particles,
  energy: Energy,
  T: Net,
  h: Net,
  options: KlJkoOptions,
  key: Key,
): KlJkoResult {
  const potentials = potentialOf(energy);
  const porous = energy.terms.filter((t) => t.type === "internal");
  if (porous.length !== 1 || porous[0].type !== "internal" || porous[0].name !== "porous")
    throw new ConfigError("the porous step takes exactly one porous-medium term");
  return variationalJkoStep(
    pool,
    potentials,
    uniformReference(pool, porous[0].m as number, porous[0].scale),
    T,
    h,
    options,
    key,
  );
}

/**
 * The step for F = ∫V dρ + ½∬W dρdρ with no internal part: the interaction is evaluated on
 * the batch itself (½ mean of W over pairs of pushed samples), so no dual is trained.
 */
export function interactionJkoStep(
  pool: Particles,
  energy: Energy,
  T: Net,
  options: KlJkoOptions,
  key: Key,
): KlJkoResult {
  if (energy.terms.some((t) => t.type === "internal"))
    throw new ConfigError("interactionJkoStep takes potential and interaction terms only");
  const potentials = energy.terms.filter((t): t is PotentialTerm => t.type === "potential");
  const interactions = energy.terms.filter((t): t is InteractionTerm => t.type === "interaction");
  return variationalJkoStep(pool, potentials, null, T, null, options, key, interactions);
}

function variationalJkoStep(
  pool: Particles,
  potentials: readonly PotentialTerm[],
  reference: Reference | null,
  T: Net,
  h: Net | null,
  options: KlJkoOptions,
  key: Key,
  interactions: readonly InteractionTerm[] = [],
): KlJkoResult {
  const { step: a, outer, inner, batch: M, lr } = options;
  const { n, d } = pool;
  if (T.inDim !== d || T.outDim !== d || (h && (h.inDim !== d || h.outDim !== 1)))
    throw new ConfigError(`the networks must map R^${d} → R^${d} (T) and R^${d} → R (h)`);
  if (!(a > 0) || !(M >= 2) || M > n) throw new ConfigError("need a > 0 and 2 ≤ batch ≤ pool size");
  const c = reference ? reference.weight : 0;
  const optT = new Adam(T, lr);
  const optH = h ? new Adam(h, lr) : null;
  if (options.optimizer) {
    optT.importState(options.optimizer.T);
    if (optH && options.optimizer.h) optH.importState(options.optimizer.h);
  }
  const primal = new Float64Array(outer);
  const guard = reference ? new DualGuard(reference) : null;
  const g = new Float64Array(d);
  const x = new Float64Array(M * d);
  for (let it = 0; it < outer; it++) {
    const rate = options.schedule === "cosine" ? cosineTail(it, outer) : 1;
    const k = foldIn(key, it);
    const pick = uniform(foldIn(k, 0), M);
    for (let r = 0; r < M; r++) {
      const i = Math.min(n - 1, Math.floor(pick[r] * n));
      x.set(pool.x.subarray(i * d, (i + 1) * d), r * d);
    }
    const z = reference ? reference.sample(foldIn(k, 1), M) : new Float64Array(0);
    const y = T.forward(x, M);
    let lastHz: Float64Array = new Float64Array(0);
    for (let s = 0; h && optH && reference && s < inner; s++) {
      // maximise E[h(y)] − E_μ[g*(h(z))]: the gradient of its negative
      const gh = h.zeroGradients();
      h.forward(y, M);
      h.backward(new Float64Array(M).fill(-1 / M), gh, false);
      const hz = (lastHz = h.forward(z, M));
      h.backward(
        Float64Array.from(hz, (v) => reference.conjugateSlope(v) / M),
        gh,
        false,
      );
      optH.step(gh, rate);
    }
    // T is unchanged since y = T(x), and its workspace still holds that pass (h's passes
    // use h's own): backward below differentiates it.
    const yy = y;
    const hy = h ? h.forward(yy, M) : new Float64Array(M);
    const positive = reference?.positivePart === true;
    const dy = h
      ? h.backward(Float64Array.from(hy, (v) => (positive && v <= 0 ? 0 : c / M)))
      : new Float64Array(M * d);
    let loss = 0;
    if (interactions.length) {
      // ½ mean over pairs of W(y_r − y_q); its gradient in y_r is −v_r/M, v the velocity
      const batch: Particles = { kind: "particles", n: M, d, x: yy };
      for (const t of interactions) {
        const v = interactionVelocity(t.kernel, batch, new Float64Array(M * d), t.scale);
        for (let i = 0; i < v.length; i++) dy[i] -= v[i] / M;
        for (let r = 0; r < M; r++)
          for (let q = r + 1; q < M; q++) {
            let r2 = 0;
            for (let i = 0; i < d; i++) r2 += (yy[r * d + i] - yy[q * d + i]) ** 2;
            loss += (t.scale * t.kernel.w(r2)) / (M * M);
          }
      }
    }
    for (let r = 0; r < M; r++) {
      const yr = yy.subarray(r * d, (r + 1) * d);
      const dr = dy.subarray(r * d, (r + 1) * d);
      loss += (c * (positive ? Math.max(0, hy[r]) : hy[r])) / M;
      for (const t of potentials) {
        loss += (t.scale * t.value(yr)) / M;
        t.grad(yr, g);
        for (let i = 0; i < d; i++) dr[i] += (t.scale * g[i]) / M;
      }
      if (reference?.logDensity) loss += reference.logDensity(yr, dr, 1 / M) / M;
      for (let i = 0; i < d; i++) {
        const diff = yr[i] - x[r * d + i];
        loss += (diff * diff) / (2 * a * M);
        dr[i] += diff / (a * M);
      }
    }
    if (!Number.isFinite(loss))
      throw new NumericalError(
        `the neural JKO step diverged at iteration ${it} (objective ${loss})`,
        "use a smaller step a, a smaller learning rate, or more inner steps",
      );
    primal[it] = loss;
    // A collapsed h (the saddle problem diverging without a NaN) is caught here, and the step
    // retried by flow() at a smaller learning rate.
    if (guard && lastHz.length) guard.observe(it, hy, lastHz);
    const gT = T.zeroGradients();
    T.backward(dy, gT);
    optT.step(gT, rate);
  }
  // Push the whole pool once, in batches of M (the last one padded, so that the networks
  // keep one workspace size).
  const next = new Float64Array(n * d);
  const chunk = new Float64Array(M * d);
  for (let start = 0; start < n; start += M) {
    const rows = Math.min(M, n - start);
    chunk.fill(0);
    chunk.set(pool.x.subarray(start * d, (start + rows) * d));
    next.set(T.forward(chunk, M).subarray(0, rows * d), start * d);
  }
  return {
    pool: { kind: "particles", n, d, x: next },
    primal,
    optimizer: { T: optT.exportState(), h: optH ? optH.exportState() : null },
  };
}
