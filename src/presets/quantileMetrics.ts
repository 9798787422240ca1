/** Metrics for 1D quantile measures against a reference quantile function or density. */
import { ConfigError } from "../core/errors.js";
import type { Measure } from "../measures/types.js";

function values(m: Measure): Float64Array {
  if (m.kind !== "quantile1d")
    throw new ConfigError(`this metric needs a quantile measure, got ${m.kind}`);
  return m.values;
}

/** W2 = (∫₀¹ |Q(s) − Q_ref(s)|² ds)^½ by the midpoint rule on the measure's own levels (i + ½)/n. */
export function w2ToQuantile(m: Measure, ref: (s: number) => number): number {
  const v = values(m);
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
  const v = values(m);
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

/** Width of the support spanned by the quantile values. */
export function quantileSpan(m: Measure): number {
  const v = values(m);
  return v[v.length - 1] - v[0];
}
