/** Distances between Gaussians, and their moment-matched versions for samples. */
import {
  cholesky,
  choleskySolve,
  inverseSpd,
  logDetFromCholesky,
  symmetricFunction,
} from "../core/linalg.js";
import { type Matrix, matmul, trace } from "../core/matrix.js";
import { moments } from "../measures/moments.js";
import { cloudOf } from "./cloud.js";
import type { Gaussian, Measure } from "../measures/types.js";

/** Mean and covariance: all a Gaussian formula needs. */
export type GaussianMoments = Pick<Gaussian, "mean" | "cov">;

/** KL(N0 ‖ N1) = ½[tr(Σ1⁻¹Σ0) + Δμᵀ Σ1⁻¹ Δμ − d + ln det Σ1 − ln det Σ0]. */
export function klGaussian(p: GaussianMoments, q: GaussianMoments): number {
  const d = p.mean.length;
  const lq = cholesky(q.cov);
  const lp = cholesky(p.cov);
  const qInv = inverseSpd(q.cov);
  const dm = Float64Array.from(p.mean, (m, i) => q.mean[i] - m);
  const sol = choleskySolve(lq, dm);
  let quad = 0;
  for (let i = 0; i < d; i++) quad += dm[i] * sol[i];
  return (
    0.5 * (trace(matmul(qInv, p.cov)) + quad - d + logDetFromCholesky(lq) - logDetFromCholesky(lp))
  );
}

export function symKlGaussian(p: GaussianMoments, q: GaussianMoments): number {
  return klGaussian(p, q) + klGaussian(q, p);
}

/** W2² between Gaussians: |Δμ|² + tr Σ0 + tr Σ1 − 2 tr (Σ1^½ Σ0 Σ1^½)^½ (Bures). */
export function w2SquaredGaussian(p: GaussianMoments, q: GaussianMoments): number {
  let dm = 0;
  for (let i = 0; i < p.mean.length; i++) dm += (p.mean[i] - q.mean[i]) ** 2;
  const root: Matrix = symmetricFunction(q.cov, (l) => Math.sqrt(Math.max(l, 0)));
  const inner = symmetricFunction(matmul(matmul(root, p.cov), root), (l) =>
    Math.sqrt(Math.max(l, 0)),
  );
  return Math.max(0, dm + trace(p.cov) + trace(q.cov) - 2 * trace(inner));
}

/** Mean and covariance of any measure with a closed form or samples. */
export function momentsOf(m: Measure): GaussianMoments {
  if (m.kind === "gaussian") return m;
  if (m.kind === "particles") return moments(m);
  // Grids by the midpoint rule, quantile functions by their levels.
  const c = cloudOf(m);
  return moments({ kind: "particles", n: c.n, d: c.d, x: c.x, weights: c.w });
}
