/**
 * A 1D measure as n cells of mass 1/n between boundaries x_0 < … < x_n, i.e. its
 * quantile function at the levels i/n, linear in between (piecewise-constant density
 * 1/(n h_i) on cell i). Unbounded laws get their outermost boundaries extrapolated
 * by one interior spacing, which keeps every cell's mass 1/n.
 */
import { ConfigError } from "../core/errors.js";
import { normalQuantile } from "../core/special.js";
import { quantile1d } from "../measures/construct.js";
import { quantileAt, toQuantile1d } from "../measures/convert.js";
import type { Measure, Quantile1d } from "../measures/types.js";

export function quantileBoundaries(m: Measure, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 3)
    throw new ConfigError(`the quantile grid needs n ≥ 3 cells, got ${n}`);
  if (m.kind !== "quantile1d" && m.d !== 1)
    throw new ConfigError(
      `1D quantile schemes need a 1D measure, got d = ${m.d}`,
      "use a particle or grid scheme in d > 1",
    );
  const x = new Float64Array(n + 1);
  if (m.kind === "gaussian") {
    const sd = Math.sqrt(m.cov.data[0]);
    for (let i = 1; i < n; i++) x[i] = m.mean[0] + sd * normalQuantile(i / n);
  } else if (m.kind === "grid") {
    // The grid's own CDF is piecewise linear, so every level, 0 and 1 included, is exact.
    const fine = toQuantile1d(m, 64 * n);
    const cdfLevels = (s: number) => quantileAt(fine, s);
    for (let i = 0; i <= n; i++) x[i] = cdfLevels(i / n);
    x[0] = Math.min(
      x[0],
      m.lower[0] + ((m.upper[0] - m.lower[0]) / m.shape[0]) * firstNonZero(m.density),
    );
    x[n] = Math.max(
      x[n],
      m.lower[0] + ((m.upper[0] - m.lower[0]) / m.shape[0]) * (lastNonZero(m.density) + 1),
    );
    return strictlyIncreasing(x);
  } else {
    // Interpolating the quantile function would smooth a repeated point into a thin cell.
    if (m.kind === "particles") strictlyIncreasing(Float64Array.from(m.x).sort());
    const q: Quantile1d = m.kind === "quantile1d" ? m : toQuantile1d(m, Math.max(4 * n, m.n));
    for (let i = 1; i < n; i++) x[i] = quantileAt(q, i / n);
  }
  x[0] = x[1] - (x[2] - x[1]);
  x[n] = x[n - 1] + (x[n - 1] - x[n - 2]);
  return strictlyIncreasing(x);
}

function firstNonZero(d: Float64Array): number {
  for (let i = 0; i < d.length; i++) if (d[i] > 0) return i;
  return 0;
}

function lastNonZero(d: Float64Array): number {
  for (let i = d.length - 1; i >= 0; i--) if (d[i] > 0) return i;
  return d.length - 1;
}

function strictlyIncreasing(x: Float64Array): Float64Array {
  for (let i = 1; i < x.length; i++)
    if (!(x[i] > x[i - 1]))
      throw new ConfigError(
        "the initial measure has an atom (two quantile boundaries coincide); internal energies need a density",
        "start from a density (a Gaussian or a grid), or use fewer quantile cells",
      );
  return x;
}

/** The measure of the boundaries, as its quantile function at the cell centres (i + ½)/n. */
export function boundariesToMeasure(x: Float64Array): Quantile1d {
  return quantile1d(Float64Array.from({ length: x.length - 1 }, (_, i) => 0.5 * (x[i] + x[i + 1])));
}
