/**
 * Geodesic extrapolation of a JKO map (Legendre & Turinici): a half step's map T from ρ_n to
 * ρ_{n+½} is extended to E = 2T − Id, which ends the midpoint step at E#ρ_n. E is the network
 * seen through that formula — forward 2T(x) − x, input gradient vᵀ(2∇T − I) — so density
 * evaluation inverts it like any map. E stays monotone (⟨E(x) − E(y), x − y⟩ > 0, what an
 * optimal map must be) while the symmetric part of 2∇T − I is positive definite, i.e. while
 * the half step contracts no direction by more than half; `checkExtrapolation` tests that.
 */
import { NumericalError } from "../core/errors.js";
import { cholesky, eigSymmetric } from "../core/linalg.js";
import { matrix } from "../core/matrix.js";
import type { Net } from "../nn/net.js";
import { mapAndJacobian } from "./density.js";

export function extrapolatedMap(T: Net): Net {
  return {
    inDim: T.inDim,
    outDim: T.outDim,
    precision: T.precision,
    forward(x, batch) {
      const y = T.forward(x, batch);
      return Float64Array.from(y, (v, i) => 2 * v - x[i]);
    },
    backward(dOut, grads, inputGradient = true) {
      const g = T.backward(dOut, grads, inputGradient);
      return g.length ? Float64Array.from(g, (v, i) => 2 * v - dOut[i]) : g;
    },
    zeroGradients: () => T.zeroGradients(),
    parameters: () => T.parameters(),
  };
}

/**
 * Throws a non-retryable NumericalError when 2∇T − I is not positive definite (symmetric part)
 * at one of the `batch` points x, naming the fraction of them and a step that keeps E
 * monotone. `step` is the full midpoint step a (T is the map of a/2). With ∇T ≈ (I + (a/2)K)⁻¹
 * (backward Euler, K the velocity's slope) the smallest eigenvalue j of ∇T's symmetric part
 * stays above ½ while a < 2/κ, κ = (2/a)(1/j − 1): the advice halves that.
 */
export function checkExtrapolation(T: Net, x: Float64Array, batch: number, step: number): void {
  const d = T.inDim;
  const { jac } = mapAndJacobian(T, x, batch);
  let bad = 0;
  let first = -1;
  const sym = matrix(d, d);
  for (let i = 0; i < batch; i++) {
    const J = jac.subarray(i * d * d, (i + 1) * d * d);
    for (let r = 0; r < d; r++)
      for (let c = 0; c < d; c++)
        sym.data[r * d + c] = J[r * d + c] + J[c * d + r] - (r === c ? 1 : 0);
    try {
      cholesky(sym);
    } catch {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (!bad) return;
  const J = jac.subarray(first * d * d, (first + 1) * d * d);
  for (let r = 0; r < d; r++)
    for (let c = 0; c < d; c++) sym.data[r * d + c] = (J[r * d + c] + J[c * d + r]) / 2;
  const j = Math.min(...eigSymmetric(sym).values);
  const advice =
    j > 0 && j < 1
      ? `use a step ≤ ${((step * j) / (2 * (1 - j))).toPrecision(2)}`
      : "use a smaller step";
  const at = Array.from(x.subarray(first * d, first * d + Math.min(d, 3)), (v) =>
    v.toPrecision(3),
  ).join(", ");
  throw new NumericalError(
    `the midpoint step's extrapolated map 2T − Id is not monotone at ${bad} of ${batch} checked particles (first at (${at}${d > 3 ? ", …" : ""}), where ∇T's smallest eigenvalue is ${j.toPrecision(3)} ≤ ½)`,
    `${advice}, or --set scheme.time=jko (first order, never extrapolates)`,
    false,
  );
}
