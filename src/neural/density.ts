/**
 * Density evaluation for the neural JKO (seed 001 §3.3): the pool is ρ_k = T_k# … T_1# ρ₀, so
 *   log ρ_k(y) = log ρ₀(x₀) − Σ_j log |det ∇T_j(x_{j−1})|,  x_k = y, x_{j−1} = T_j⁻¹(x_j).
 * Each map, written T(x) = x + r(x), is inverted by Newton's method with the exact Jacobian
 * (d backward passes of the network per iteration, batched over the points), and its log-det
 * is taken exactly from an LU factorisation of the d×d Jacobian at the preimage. This is
 * exact (to the network's arithmetic) in any dimension, at O(d) passes per point batch. For
 * a ∇ICNN map T = ∇ψ the Jacobian is the Hessian of ψ, so the same Newton iteration is
 * Newton's method for the convex conjugate, T⁻¹(y) = argmin_x ψ(x) − x·y.
 */
import { NumericalError } from "../core/errors.js";
import { type LuFactor, luFactor, luSolve } from "../core/lu.js";
import type { Net } from "../nn/net.js";

/** T(x) and the Jacobian ∇T(x) (per point, d×d row-major: J[a][b] = ∂T_a/∂x_b). */
export function mapAndJacobian(
  T: Net,
  x: Float64Array,
  batch: number,
): { y: Float64Array; jac: Float64Array } {
  const d = T.inDim;
  const jac = new Float64Array(batch * d * d);
  const dOut = new Float64Array(batch * d);
  let y: Float64Array = new Float64Array(0);
  for (let a = 0; a < d; a++) {
    // backward() reuses the last forward pass, so redo it per output row.
    y = T.forward(x, batch);
    dOut.fill(0);
    for (let i = 0; i < batch; i++) dOut[i * d + a] = 1;
    const row = T.backward(dOut);
    for (let i = 0; i < batch; i++)
      for (let b = 0; b < d; b++) jac[i * d * d + a * d + b] = row[i * d + b];
  }
  return { y, jac };
}

/** The LU factor of one d×d Jacobian block; a zero pivot means the map is singular there. */
function factorJacobian(block: Float64Array, d: number): LuFactor {
  const f = luFactor(block, d);
  if (f.sign === 0) throw new NumericalError("a JKO map is singular here (∇T has a zero pivot)");
  return f;
}

/**
 * The preimages x = T⁻¹(y) of a batch of points and log|det ∇T(x)| there. Newton from
 * x = y − r(y); stops when the residual |T(x) − y| is below `tol` (relative to 1 + |y|).
 */
export function invertMap(
  T: Net,
  y: Float64Array,
  batch: number,
  tol: number,
): { x: Float64Array; logDet: Float64Array } {
  const d = T.inDim;
  const ty = T.forward(y, batch);
  const x = Float64Array.from(y, (v, i) => 2 * v - ty[i]);
  const logDet = new Float64Array(batch);
  for (let iteration = 0; iteration < 60; iteration++) {
    const { y: tx, jac } = mapAndJacobian(T, x, batch);
    let worst = 0;
    for (let i = 0; i < batch; i++) {
      const res = new Float64Array(d);
      for (let a = 0; a < d; a++) {
        res[a] = tx[i * d + a] - y[i * d + a];
        worst = Math.max(worst, Math.abs(res[a]) / (1 + Math.abs(y[i * d + a])));
      }
      const f = factorJacobian(jac.subarray(i * d * d, (i + 1) * d * d), d);
      const s = luSolve(f, res);
      logDet[i] = f.logAbsDet;
      for (let a = 0; a < d; a++) x[i * d + a] -= s[a];
    }
    if (worst < tol) {
      // log-det at the converged preimage (the last one was taken one Newton step before).
      const { jac: final } = mapAndJacobian(T, x, batch);
      for (let i = 0; i < batch; i++)
        logDet[i] = factorJacobian(final.subarray(i * d * d, (i + 1) * d * d), d).logAbsDet;
      return { x, logDet };
    }
  }
  throw new NumericalError(
    "a JKO map could not be inverted here (Newton did not converge): the map may fold",
  );
}

/**
 * The large-d route, with forward and backward passes only (no d×d Jacobian):
 * T⁻¹ by the fixed point x ← y − r(x), a contraction when Lip(r) < 1 (small JKO steps), and
 * log det(I + R), R = ∇r, by its series Σ_{k≤K} (−1)^{k+1} tr(R^k)/k with Hutchinson's trace
 * estimator tr(R^k) ≈ vᵀR^k v over Rademacher probes v (vᵀR^k by k vector–Jacobian products).
 * Returns the estimate and its standard error over the probes (the series is truncated after
 * K terms: a bias of order ‖R‖^{K+1}/(K+1), not included in the standard error).
 */
export function invertMapStochastic(
  T: Net,
  y: Float64Array,
  batch: number,
  tol: number,
  probes: number,
  terms: number,
  signs: (count: number) => Float64Array,
): { x: Float64Array; logDet: Float64Array; stderr: Float64Array } {
  const d = T.inDim;
  let x = Float64Array.from(y);
  let converged = false;
  for (let iteration = 0; iteration < 500 && !converged; iteration++) {
    const tx = T.forward(x, batch);
    let worst = 0;
    const next = new Float64Array(x.length);
    for (let k = 0; k < x.length; k++) {
      // T(x) = x + r(x), so y − r(x) = y − (T(x) − x).
      next[k] = y[k] - (tx[k] - x[k]);
      worst = Math.max(worst, Math.abs(next[k] - x[k]) / (1 + Math.abs(y[k])));
    }
    x = next;
    converged = worst < tol;
  }
  if (!converged)
    throw new NumericalError(
      "the fixed-point inversion of a JKO map did not converge (Lip(r) ≥ 1?): use the exact route",
    );
  const samples = Array.from({ length: batch }, () => new Float64Array(probes));
  for (let p = 0; p < probes; p++) {
    const v = signs(batch * d);
    let u: Float64Array = Float64Array.from(v);
    const total = new Float64Array(batch);
    for (let k = 1; k <= terms; k++) {
      // uᵀR = uᵀ∇T − uᵀ: one backward pass through the last forward pass at x.
      T.forward(x, batch);
      const uJ = T.backward(u);
      for (let i = 0; i < u.length; i++) uJ[i] -= u[i];
      u = uJ;
      const sign = k % 2 === 1 ? 1 : -1;
      for (let i = 0; i < batch; i++) {
        let dot = 0;
        for (let a = 0; a < d; a++) dot += u[i * d + a] * v[i * d + a];
        total[i] += (sign * dot) / k;
      }
    }
    for (let i = 0; i < batch; i++) samples[i][p] = total[i];
  }
  const logDet = new Float64Array(batch);
  const stderr = new Float64Array(batch);
  samples.forEach((s, i) => {
    const mean = s.reduce((a, b) => a + b, 0) / probes;
    const variance = s.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, probes - 1);
    logDet[i] = mean;
    stderr[i] = Math.sqrt(variance / probes);
  });
  return { x, logDet, stderr };
}
