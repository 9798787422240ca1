/** Validated constructors for the measure kinds. */
import { ConfigError } from "../core/errors.js";
import { type Matrix, asymmetry, fromRows, matrix } from "../core/matrix.js";
import { cholesky } from "../core/linalg.js";
import { allFinite } from "../core/reduce.js";
import type { Gaussian, Grid, Particles, Quantile1d } from "./types.js";

export function particles(x: ArrayLike<number>, d: number, weights?: ArrayLike<number>): Particles {
  if (!Number.isInteger(d) || d < 1) throw new ConfigError(`dimension must be ≥ 1, got ${d}`);
  if (x.length % d !== 0)
    throw new ConfigError(`${x.length} coordinates do not split into points of dimension ${d}`);
  const n = x.length / d;
  if (n < 1) throw new ConfigError("a particle measure needs at least one point");
  const xs = Float64Array.from(x);
  if (!allFinite(xs)) throw new ConfigError("particle coordinates contain NaN or Infinity");
  if (!weights) return { kind: "particles", n, d, x: xs };
  if (weights.length !== n) throw new ConfigError(`${weights.length} weights for ${n} points`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(weights[i] >= 0))
      throw new ConfigError(`weight ${i} is ${weights[i]}; weights must be ≥ 0`);
    total += weights[i];
  }
  if (!(total > 0)) throw new ConfigError("weights sum to zero");
  // Normalised rather than refused: weights are often given as counts.
  const w = Float64Array.from(weights, (v) => v / total);
  return { kind: "particles", n, d, x: xs, weights: w };
}

export function gaussian(options: {
  mean: ArrayLike<number>;
  cov: Matrix | readonly (readonly number[])[];
}): Gaussian {
  const mean = Float64Array.from(options.mean);
  const cov =
    "data" in options.cov
      ? matrix(options.cov.rows, options.cov.cols, options.cov.data)
      : fromRows(options.cov);
  const d = mean.length;
  if (d < 1) throw new ConfigError("a Gaussian needs a mean of dimension ≥ 1");
  if (cov.rows !== d || cov.cols !== d)
    throw new ConfigError(`covariance is ${cov.rows}×${cov.cols} but the mean has ${d} entries`);
  if (!allFinite(mean) || !allFinite(cov.data))
    throw new ConfigError("Gaussian parameters must be finite");
  if (asymmetry(cov) > 1e-12) throw new ConfigError("covariance must be symmetric");
  cholesky(cov); // throws a named error when not positive definite
  return { kind: "gaussian", d, mean, cov };
}

export function cellVolume(g: Pick<Grid, "lower" | "upper" | "shape">): number {
  let v = 1;
  for (let a = 0; a < g.shape.length; a++) v *= (g.upper[a] - g.lower[a]) / g.shape[a];
  return v;
}

/** Cell-centre coordinate of index i along axis a. */
export function cellCentre(
  g: Pick<Grid, "lower" | "upper" | "shape">,
  a: number,
  i: number,
): number {
  return g.lower[a] + ((i + 0.5) * (g.upper[a] - g.lower[a])) / g.shape[a];
}

export function grid(options: {
  lower: readonly number[];
  upper: readonly number[];
  shape: readonly number[];
  density: ArrayLike<number> | ((x: Float64Array) => number);
}): Grid {
  const { lower, upper, shape } = options;
  const d = shape.length;
  if (d < 1 || d > 2) throw new ConfigError(`grid measures are 1D or 2D, got ${d} axes`);
  if (lower.length !== d || upper.length !== d)
    throw new ConfigError("grid lower/upper must have one entry per axis");
  for (let a = 0; a < d; a++) {
    if (!Number.isInteger(shape[a]) || shape[a] < 2)
      throw new ConfigError(`grid axis ${a} needs ≥ 2 cells, got ${shape[a]}`);
    if (!(upper[a] > lower[a])) throw new ConfigError(`grid axis ${a}: upper must exceed lower`);
  }
  const size = shape.reduce((p, s) => p * s, 1);
  let density: Float64Array;
  if (typeof options.density === "function") {
    const f = options.density;
    density = new Float64Array(size);
    const pt = new Float64Array(d);
    for (let idx = 0; idx < size; idx++) {
      let rest = idx;
      for (let a = d - 1; a >= 0; a--) {
        pt[a] = cellCentre(options, a, rest % shape[a]);
        rest = Math.floor(rest / shape[a]);
      }
      density[idx] = f(pt);
    }
  } else {
    if (options.density.length !== size)
      throw new ConfigError(
        `grid density has ${options.density.length} values, shape needs ${size}`,
      );
    density = Float64Array.from(options.density);
  }
  for (let i = 0; i < size; i++)
    if (!(density[i] >= 0) || !Number.isFinite(density[i]))
      throw new ConfigError(
        `grid density at cell ${i} is ${density[i]}; densities must be finite and ≥ 0`,
      );
  return { kind: "grid", d, lower: [...lower], upper: [...upper], shape: [...shape], density };
}

export function quantile1d(values: ArrayLike<number>): Quantile1d {
  if (values.length < 1) throw new ConfigError("a quantile function needs at least one value");
  const v = Float64Array.from(values);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new ConfigError(`quantile value ${i} is ${v[i]}`);
    if (i > 0 && v[i] < v[i - 1])
      throw new ConfigError(`quantile values must be non-decreasing (index ${i})`, "sort them");
  }
  return { kind: "quantile1d", values: v };
}
