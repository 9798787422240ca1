/** Pointwise densities and grid comparisons. */
import { cholesky, choleskySolve, logDetFromCholesky } from "../core/linalg.js";
import { cellCentre, cellVolume } from "./construct.js";
import type { Gaussian, Grid } from "./types.js";

/** x ↦ log N(mean, cov)(x) of a Gaussian in any dimension (Cholesky once). */
function gaussianLogPdfAt(m: Gaussian): (x: ArrayLike<number>) => number {
  const l = cholesky(m.cov);
  const logNorm = -0.5 * (m.d * Math.log(2 * Math.PI) + logDetFromCholesky(l));
  const diff = new Float64Array(m.d);
  return (x) => {
    for (let a = 0; a < m.d; a++) diff[a] = x[a] - m.mean[a];
    const z = choleskySolve(l, diff);
    let q = 0;
    for (let a = 0; a < m.d; a++) q += diff[a] * z[a];
    return logNorm - 0.5 * q;
  };
}

/** The density x ↦ N(mean, cov)(x) of a Gaussian in any dimension (Cholesky once). */
export function gaussianPdf(m: Gaussian): (x: ArrayLike<number>) => number {
  const logPdf = gaussianLogPdfAt(m);
  return (x) => Math.exp(logPdf(x));
}

/** log N(mean, cov) at each of the points (N×d row-major). */
export function gaussianLogPdf(m: Gaussian, points: Float64Array): Float64Array {
  const logPdf = gaussianLogPdfAt(m);
  const n = points.length / m.d;
  return Float64Array.from({ length: n }, (_, i) =>
    logPdf(points.subarray(i * m.d, (i + 1) * m.d)),
  );
}

/** ∫ |ρ − p| by the midpoint rule on the grid's cells. */
export function gridL1(g: Grid, pdf: (x: Float64Array) => number): number {
  const pt = new Float64Array(g.d);
  let l1 = 0;
  for (let idx = 0; idx < g.density.length; idx++) {
    let rest = idx;
    for (let a = g.d - 1; a >= 0; a--) {
      pt[a] = cellCentre(g, a, rest % g.shape[a]);
      rest = Math.floor(rest / g.shape[a]);
    }
    l1 += Math.abs(g.density[idx] - pdf(pt));
  }
  return l1 * cellVolume(g);
}
