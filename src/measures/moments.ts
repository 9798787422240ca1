/** Mean and covariance of particle measures (weighted when weights are present). */
import { type Matrix, matrix } from "../core/matrix.js";
import type { Particles } from "./types.js";

export interface Moments {
  mean: Float64Array;
  cov: Matrix;
}

/** Mean and covariance; the covariance is the (biased, 1/N) second central moment. */
export function moments(p: Particles): Moments {
  const { n, d, x, weights } = p;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1 / n;
    for (let a = 0; a < d; a++) mean[a] += w * x[i * d + a];
  }
  const cov = matrix(d, d);
  const dev = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1 / n;
    for (let a = 0; a < d; a++) dev[a] = x[i * d + a] - mean[a];
    for (let a = 0; a < d; a++)
      for (let b = a; b < d; b++) cov.data[a * d + b] += w * dev[a] * dev[b];
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov.data[a * d + b] = cov.data[b * d + a];
  return { mean, cov };
}
