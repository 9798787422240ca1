/**
 * One variational JKO step of F = KL(ρ‖π), π ∝ e^{−V}, on samples alone (seed 001 §3,
 * Algorithm 1; Fan, Zhang, Taghvaei & Chen 2022). With μ the Gaussian moment-matched to the
 * current samples, ∫ρ log ρ = KL(ρ‖μ) + ∫ρ log μ and KL(ρ‖μ) = sup_h E_ρ[h] − E_μ[e^{h−1}],
 * so the step is the saddle problem
 *   min_T max_h  E|T(x) − x|²/(2a) + E[h(T(x))] − E_μ[e^{h(z)−1}] + E[log μ(T(x)) + V(T(x))],
 * trained by alternating `inner` Adam steps on h with one on T, `outer` times, on batches of
 * the pool. The pool is then pushed through T once, so every step costs the same.
 */
import { ConfigError, NumericalError } from "../core/errors.js";
import { cholesky } from "../core/linalg.js";
import type { PotentialTerm } from "../energies/types.js";
import type { Energy } from "../energies/types.js";
import { moments } from "../measures/moments.js";
import type { Particles } from "../measures/types.js";
import { type Key, foldIn } from "../random/key.js";
import { normal, uniform } from "../random/sample.js";
import { Adam, type Mlp } from "../nn/mlp.js";

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
}

export interface KlJkoResult {
  /** The pool pushed by the trained map. */
  readonly pool: Particles;
  /** Primal objective per outer iteration (a noisy estimate, for diagnostics). */
  readonly primal: Float64Array;
}

/** −log π's gradient and value from the potential terms of an energy. */
function potentialOf(energy: Energy) {
  const terms = energy.terms.filter((t): t is PotentialTerm => t.type === "potential");
  if (energy.terms.some((t) => t.type === "interaction"))
    throw new ConfigError(
      "the KL step takes potential + entropy; interactions need the forward–backward step",
    );
  return terms;
}

export function klJkoStep(
  pool: Particles,
  energy: Energy,
  T: Mlp,
  h: Mlp,
  options: KlJkoOptions,
  key: Key,
): KlJkoResult {
  const { step: a, outer, inner, batch: M, lr } = options;
  const { n, d } = pool;
  if (T.inDim !== d || T.outDim !== d || !T.residual || h.inDim !== d || h.outDim !== 1)
    throw new ConfigError(`the networks must map R^${d} → R^${d} (residual T) and R^${d} → R (h)`);
  if (!(a > 0) || !(M >= 2) || M > n) throw new ConfigError("need a > 0 and 2 ≤ batch ≤ pool size");
  const potentials = potentialOf(energy);
  // μ = N(m, Σ) moment-matched to the pool: samples z = m + Lξ, ∇log μ(y) = −Σ⁻¹(y − m).
  const { mean, cov } = moments(pool);
  const L = cholesky(cov);
  const precision = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    // column c of Σ⁻¹ by two triangular solves
    const e = new Float64Array(d);
    e[c] = 1;
    for (let i = 0; i < d; i++) {
      let s = e[i];
      for (let j = 0; j < i; j++) s -= L.data[i * d + j] * e[j];
      e[i] = s / L.data[i * d + i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = e[i];
      for (let j = i + 1; j < d; j++) s -= L.data[j * d + i] * e[j];
      e[i] = s / L.data[i * d + i];
    }
    for (let i = 0; i < d; i++) precision[i * d + c] = e[i];
  }
  const optT = new Adam(T, lr);
  const optH = new Adam(h, lr);
  const primal = new Float64Array(outer);
  const g = new Float64Array(d);
  const x = new Float64Array(M * d);
  for (let it = 0; it < outer; it++) {
    const k = foldIn(key, it);
    const pick = uniform(foldIn(k, 0), M);
    for (let r = 0; r < M; r++) {
      const i = Math.min(n - 1, Math.floor(pick[r] * n));
      x.set(pool.x.subarray(i * d, (i + 1) * d), r * d);
    }
    const xi = normal(foldIn(k, 1), M * d);
    const z = new Float64Array(M * d);
    for (let r = 0; r < M; r++)
      for (let i = 0; i < d; i++) {
        let s = mean[i];
        for (let j = 0; j <= i; j++) s += L.data[i * d + j] * xi[r * d + j];
        z[r * d + i] = s;
      }
    const y = T.forward(x, M);
    for (let s = 0; s < inner; s++) {
      const gh = h.zeroGradients();
      h.forward(y, M);
      h.backward(new Float64Array(M).fill(-1 / M), gh);
      const hz = h.forward(z, M);
      h.backward(
        Float64Array.from(hz, (v) => Math.exp(v - 1) / M),
        gh,
      );
      optH.step(gh);
    }
    const yy = T.forward(x, M);
    const hy = h.forward(yy, M);
    const dy = h.backward(new Float64Array(M).fill(1 / M));
    let loss = 0;
    for (let r = 0; r < M; r++) {
      const yr = yy.subarray(r * d, (r + 1) * d);
      loss += hy[r] / M;
      for (const t of potentials) {
        loss += (t.scale * t.value(yr)) / M;
        t.grad(yr, g);
        for (let i = 0; i < d; i++) dy[r * d + i] += (t.scale * g[i]) / M;
      }
      let quad = 0;
      for (let i = 0; i < d; i++) {
        const diff = yr[i] - x[r * d + i];
        loss += (diff * diff) / (2 * a * M);
        let sy = 0;
        for (let j = 0; j < d; j++) sy += precision[i * d + j] * (yr[j] - mean[j]);
        quad += (yr[i] - mean[i]) * sy;
        // ∇: (y − x)/a + ∇log μ(y) (the ∇V part is added above)
        dy[r * d + i] += (diff / a - sy) / M;
      }
      loss -= (0.5 * quad) / M;
    }
    if (!Number.isFinite(loss))
      throw new NumericalError(
        `the neural JKO step diverged at iteration ${it} (objective ${loss})`,
        "use a smaller step a, a smaller learning rate, or more inner steps",
      );
    primal[it] = loss;
    const gT = T.zeroGradients();
    T.backward(dy, gT);
    optT.step(gT);
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
  return { pool: { kind: "particles", n, d, x: next }, primal };
}
