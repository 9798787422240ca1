/** Point clouds at the boundary of the toolbox: validated, with weights normalised to 1. */
import { ConfigError } from "../core/errors.js";
import { cellCentre } from "../measures/construct.js";
import type { Measure } from "../measures/types.js";

export interface Cloud {
  readonly n: number;
  readonly d: number;
  /** n×d row-major coordinates. */
  readonly x: Float64Array;
  /** Weights summing to 1. */
  readonly w: Float64Array;
}

/**
 * Validates points (finite, n ≥ 1) and weights (≥ 0, positive sum). Weights that do
 * not sum to one are normalised — not refused — since counts and unnormalised
 * histograms are the common case; uniform weights are used when none are given.
 */
export function cloud(
  x: ArrayLike<number>,
  d: number,
  weights?: ArrayLike<number>,
  name = "points",
): Cloud {
  if (!Number.isInteger(d) || d < 1)
    throw new ConfigError(`${name}: dimension must be ≥ 1, got ${d}`);
  if (x.length === 0 || x.length % d !== 0)
    throw new ConfigError(`${name}: ${x.length} coordinates do not form points of dimension ${d}`);
  const n = x.length / d;
  const xs = Float64Array.from(x);
  for (let k = 0; k < xs.length; k++)
    if (!Number.isFinite(xs[k]))
      throw new ConfigError(
        `${name}: coordinate ${k % d} of point ${Math.floor(k / d)} is ${xs[k]}`,
        "remove or impute non-finite points before measuring distances",
      );
  let w: Float64Array;
  if (weights === undefined) w = new Float64Array(n).fill(1 / n);
  else {
    if (weights.length !== n)
      throw new ConfigError(`${name}: ${weights.length} weights for ${n} points`);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || !Number.isFinite(weights[i]))
        throw new ConfigError(
          `${name}: weight ${i} is ${weights[i]}; weights must be finite and ≥ 0`,
        );
      total += weights[i];
    }
    if (!(total > 0)) throw new ConfigError(`${name}: weights sum to zero`);
    w = Float64Array.from(weights, (v) => v / total);
  }
  return { n, d, x: xs, w };
}

export function sameDimension(a: Cloud, b: Cloud): void {
  if (a.d !== b.d)
    throw new ConfigError(
      `point clouds differ in dimension (${a.d} and ${b.d})`,
      "compare clouds of one dimension",
    );
}

/** C_ij = |x_i − y_j|², n×m row-major, by differences (no cancellation at large coordinates). */
export function squaredDistances(a: Cloud, b: Cloud): Float64Array {
  sameDimension(a, b);
  const { d } = a;
  const c = new Float64Array(a.n * b.n);
  for (let i = 0; i < a.n; i++)
    for (let j = 0; j < b.n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = a.x[i * d + k] - b.x[j * d + k];
        s += diff * diff;
      }
      c[i * b.n + j] = s;
    }
  return c;
}

/** Largest squared distance between the two clouds' bounding boxes: a bound on every C_ij. */
export function squaredDiameter(a: Cloud, b: Cloud): number {
  let s = 0;
  for (let k = 0; k < a.d; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of [a, b])
      for (let i = 0; i < c.n; i++) {
        lo = Math.min(lo, c.x[i * c.d + k]);
        hi = Math.max(hi, c.x[i * c.d + k]);
      }
    s += (hi - lo) ** 2;
  }
  return s;
}

/**
 * The weighted points of a measure: particles as they are, a grid's cell centres weighted by
 * the density, a quantile function's levels as equal-weight points. Gaussians have no
 * finite support: sample them first.
 */
export function cloudOf(m: Measure, name = "measure"): Cloud {
  switch (m.kind) {
    case "particles":
      return cloud(m.x, m.d, m.weights, name);
    case "quantile1d":
      return cloud(m.values, 1, undefined, name);
    case "grid": {
      const cells = m.density.length;
      const x = new Float64Array(cells * m.d);
      for (let c = 0; c < cells; c++) {
        let rest = c;
        for (let a = m.d - 1; a >= 0; a--) {
          x[c * m.d + a] = cellCentre(m, a, rest % m.shape[a]);
          rest = Math.floor(rest / m.shape[a]);
        }
      }
      return cloud(x, m.d, m.density, name);
    }
    case "gaussian":
      throw new ConfigError(`${name}: a Gaussian is not a point cloud`, "sample it first");
  }
}
