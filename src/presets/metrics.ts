/**
 * Helpers shared by preset metrics, for any 1D measure a scheme produces: particles (sorted),
 * quantile functions, grids and Gaussians (through their quantiles) — so that a metric written
 * once reads every scheme's state.
 */
import { ConfigError } from "../core/errors.js";
import { toQuantile1d } from "../measures/convert.js";
import { dimensionOf, type Measure } from "../measures/types.js";

/** Levels used when a measure has no equal-mass points of its own (grids, Gaussians, weighted particles). */
const LEVELS = 4000;

/**
 * Equal-mass points of a 1D measure, ascending: Q((i + ½)/n) — the particles themselves when
 * they are unweighted, the quantile values of a quantile measure.
 */
export function coordinates1d(m: Measure): Float64Array {
  if (dimensionOf(m) !== 1)
    throw new ConfigError(`this metric is for 1D measures, got d = ${dimensionOf(m)}`);
  if (m.kind === "quantile1d") return m.values;
  if (m.kind === "particles" && !m.weights) return Float64Array.from(m.x).sort();
  return toQuantile1d(m, LEVELS).values;
}

/** W2 = (∫₀¹ |Q(s) − Q_ref(s)|² ds)^½ by the midpoint rule on the measure's levels (i + ½)/n. */
export function w2ToQuantile(m: Measure, ref: (s: number) => number): number {
  const v = coordinates1d(m);
  const n = v.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i] - ref((i + 0.5) / n)) ** 2;
  return Math.sqrt(s / n);
}

/**
 * ∫ |ρ_h − ρ_ref| dx with ρ_h the piecewise-constant density between consecutive
 * quantile values (mass 1/n per gap), plus the reference mass outside them.
 */
export function l1ToDensity(
  m: Measure,
  pdf: (x: number) => number,
  cdf: (x: number) => number,
): number {
  const v = coordinates1d(m);
  const n = v.length;
  const sub = 16;
  let err = cdf(v[0]) + (1 - cdf(v[n - 1]));
  for (let i = 0; i + 1 < n; i++) {
    const h = v[i + 1] - v[i];
    if (!(h > 0)) continue;
    const rho = 1 / (n * h);
    for (let k = 0; k < sub; k++)
      err += (Math.abs(rho - pdf(v[i] + ((k + 0.5) * h) / sub)) * h) / sub;
  }
  // The outer half-cells carry mass 1/2n each that the gaps above do not cover.
  return err + 1 / n;
}

/** Width of the support spanned by the measure's equal-mass points. */
export function quantileSpan(m: Measure): number {
  const v = coordinates1d(m);
  return v[v.length - 1] - v[0];
}

/** The share of mass at x > 0 of a 1D measure. */
export function massRight(m: Measure): number {
  const x = coordinates1d(m);
  return x.filter((v) => v > 0).length / x.length;
}
