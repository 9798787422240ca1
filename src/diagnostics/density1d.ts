/**
 * A 1D density known up to normalisation (e.g. a Gibbs density e^{−V}), tabulated
 * finely enough to act as an exact reference: CDF, quantiles, and distances from
 * particles (KS, exact 1D W2).
 */
import { ConfigError } from "../core/errors.js";
import { logSumExp } from "../core/reduce.js";

export interface Density1d {
  readonly lower: number;
  readonly upper: number;
  /** Normalised density at `x` (linear interpolation of the table). */
  pdf(x: number): number;
  cdf(x: number): number;
  quantile(s: number): number;
  /** ∫_{Q(a)}^{Q(b)} y ρ(y) dy and ∫ y² ρ(y) dy: partial moments over a level interval. */
  partialMoments(a: number, b: number): [number, number];
}

/**
 * Tabulates exp(logDensity) on [lower, upper] with `cells` cells (piecewise-linear density).
 * The range must hold all but a negligible part of the mass.
 */
export function tabulateDensity(
  logDensity: (x: number) => number,
  lower: number,
  upper: number,
  cells = 20000,
): Density1d {
  if (!(upper > lower)) throw new ConfigError("density range: upper must exceed lower");
  const h = (upper - lower) / cells;
  const xs = Float64Array.from({ length: cells + 1 }, (_, i) => lower + i * h);
  const logs = Float64Array.from(xs, (x) => logDensity(x));
  const logZ = logSumExp(logs) + Math.log(h);
  const rho = Float64Array.from(logs, (l) => Math.exp(l - logZ));
  // Cumulative mass and first two moments of the piecewise-linear density, per cell exactly.
  const m0 = new Float64Array(cells + 1);
  const m1 = new Float64Array(cells + 1);
  const m2 = new Float64Array(cells + 1);
  for (let i = 0; i < cells; i++) {
    const [a, b] = [xs[i], xs[i + 1]];
    const [fa, fb] = [rho[i], rho[i + 1]];
    // ∫ y^k (fa + (fb − fa)(y − a)/h) dy over [a, b], k = 0, 1, 2.
    const slope = (fb - fa) / h;
    const p = (k: number) => (b ** (k + 1) - a ** (k + 1)) / (k + 1);
    const mom = (k: number) => (fa - slope * a) * p(k) + slope * p(k + 1);
    m0[i + 1] = m0[i] + mom(0);
    m1[i + 1] = m1[i] + mom(1);
    m2[i + 1] = m2[i] + mom(2);
  }
  const total = m0[cells];
  for (let i = 0; i <= cells; i++) {
    m0[i] /= total;
    m1[i] /= total;
    m2[i] /= total;
  }
  const cellOf = (x: number) => Math.min(cells - 1, Math.max(0, Math.floor((x - lower) / h)));
  const pdf = (x: number): number => {
    if (x < lower || x > upper) return 0;
    const i = cellOf(x);
    const f = (x - xs[i]) / h;
    return ((1 - f) * rho[i] + f * rho[i + 1]) / total;
  };
  // Within a cell the CDF is quadratic; a linear interpolation of m0 is accurate to O(h²) relative.
  const cdf = (x: number): number => {
    if (x <= lower) return 0;
    if (x >= upper) return 1;
    const i = cellOf(x);
    const f = (x - xs[i]) / h;
    return m0[i] + f * (m0[i + 1] - m0[i]);
  };
  const levelIndex = (s: number): number => {
    let lo = 0;
    let hi = cells;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (m0[mid] <= s) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const interp = (table: Float64Array, s: number): number => {
    if (s <= 0) return table[0];
    if (s >= 1) return table[cells];
    const i = levelIndex(s);
    const span = m0[i + 1] - m0[i];
    const f = span > 0 ? (s - m0[i]) / span : 0;
    return table[i] + f * (table[i + 1] - table[i]);
  };
  return {
    lower,
    upper,
    pdf,
    cdf,
    quantile: (s) => interp(xs, s),
    partialMoments: (a, b) => [interp(m1, b) - interp(m1, a), interp(m2, b) - interp(m2, a)],
  };
}

function sortedCopy(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}

/** Kolmogorov–Smirnov distance sup |F_N − F| between equally weighted samples and a density. */
export function ksDistance(samples: ArrayLike<number>, ref: Density1d): number {
  const s = sortedCopy(samples);
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = ref.cdf(s[i]);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

/**
 * Exact W2 between N equally weighted atoms and the density:
 * W2² = Σ_i ∫_{i/N}^{(i+1)/N} (x_(i) − Q(s))² ds, each term from the partial moments.
 */
export function w2ToDensity(samples: ArrayLike<number>, ref: Density1d): number {
  const s = sortedCopy(samples);
  const n = s.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const [first, second] = ref.partialMoments(i / n, (i + 1) / n);
    total += (s[i] * s[i]) / n - 2 * s[i] * first + second;
  }
  return Math.sqrt(Math.max(0, total));
}
