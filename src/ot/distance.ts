/** One entry point for every distance, by name: what `ottoflow distance --metric` calls. */
import type { Meter } from "../core/meter.js";
import { ConfigError } from "../core/errors.js";
import { moments } from "../measures/moments.js";
import { particles } from "../measures/construct.js";
import { type Key, key as makeKey } from "../random/key.js";
import type { Cloud } from "./cloud.js";
import { energyDistance, klGaussianFit, klKde, klKnn, mmdSquared } from "./divergences.js";
import { w2SquaredExact } from "./exact.js";
import { w2SquaredGaussian } from "./gaussian.js";
import { ks1d, tvHistogram1d } from "./oneD.js";
import { sinkhorn, sinkhornDivergence } from "./sinkhorn.js";
import { slicedW2Squared } from "./sliced.js";

export interface DistanceOptions {
  eps?: number;
  k?: number;
  bandwidth?: number;
  projections?: number;
  bins?: number;
  tol?: number;
  key?: Key;
  /** Told how far a long computation has got (see core/meter). */
  meter?: Meter;
}

export interface DistanceResult {
  metric: string;
  value: number;
  method: string;
  extra?: Record<string, number | boolean>;
}

/** One distance: two clouds and options in, a value and the method used out. */
export type DistanceFn = (a: Cloud, b: Cloud, o: DistanceOptions) => Omit<DistanceResult, "metric">;

/** A metric: what it computes, the options it reads, and the memory it needs for n × m points in d. */
export interface DistanceEntry {
  summary: string;
  uses: readonly (keyof DistanceOptions)[];
  bytes: (n: number, m: number, d: number) => number;
  run: DistanceFn;
}

/** Options' allowed values: [lowest, highest, integer?]; exclusive of 0 where 0 means nothing. */
const RANGES: Record<
  Exclude<keyof DistanceOptions, "key" | "meter">,
  [number, number, boolean, string]
> = {
  eps: [Number.MIN_VALUE, Infinity, false, "a number > 0"],
  tol: [Number.MIN_VALUE, 1, false, "a number in (0, 1]"],
  bandwidth: [Number.MIN_VALUE, Infinity, false, "a number > 0"],
  k: [1, 1000, true, "an integer in [1, 1000]"],
  projections: [1, 100_000, true, "an integer in [1, 100000]"],
  bins: [1, 1_000_000, true, "an integer in [1, 1000000]"],
};

/** Refuses an option outside its range, naming what is allowed. */
export function checkDistanceOptions(o: DistanceOptions): void {
  for (const [name, [lo, hi, integer, allowed]] of Object.entries(RANGES)) {
    const v = o[name as keyof typeof RANGES];
    if (v === undefined) continue;
    if (!(v >= lo && v <= hi) || (integer && !Number.isInteger(v)))
      throw new ConfigError(
        `--${name} = ${v} is out of range: expected ${allowed}`,
        `e.g. --${name} ${lo === 1 ? 10 : 0.01}`,
      );
  }
}

const linear = (n: number, m: number, d: number): number => 8 * (n + m) * (d + 4);
const pairs = (n: number, m: number, d: number): number => 17 * n * m + linear(n, m, d);

const needEps = (o: DistanceOptions): number => {
  if (o.eps === undefined)
    throw new ConfigError("this metric needs ε", "pass --eps, e.g. --eps 0.01");
  return o.eps;
};
const gauss = (c: Cloud) => moments(particles(c.x, c.d, c.w));

export const distances: Record<string, DistanceEntry> = {
  w2: {
    uses: [],
    bytes: (n, m, d) => (d === 1 ? linear(n, m, d) : pairs(n, m, d)),
    summary: "exact W2 (1D: quantiles; else network simplex on |x−y|²)",
    run: (a, b, o) => ({
      value: Math.sqrt(w2SquaredExact(a, b, o.meter)),
      method: a.d === 1 ? "quantile coupling" : "network simplex",
    }),
  },
  "w2-gaussian": {
    uses: [],
    bytes: (n, m, d) => linear(n, m, d) + 48 * d * d,
    summary: "W2 between the moment-matched Gaussians (Bures; a lower bound of W2)",
    run: (a, b) => ({
      value: Math.sqrt(w2SquaredGaussian(gauss(a), gauss(b))),
      method: "Bures closed form",
    }),
  },
  "sliced-w2": {
    uses: ["projections", "key"],
    bytes: linear,
    summary: "sliced W2 over random directions (--projections, default 200)",
    run: (a, b, o) => ({
      value: Math.sqrt(slicedW2Squared(a, b, o.key ?? makeKey(0), o.projections ?? 200, o.meter)),
      method: "exact 1D W2 per projection",
    }),
  },
  sinkhorn: {
    uses: ["eps", "tol"],
    bytes: linear,
    summary: "debiased Sinkhorn divergence S_ε (--eps), log domain",
    run: (a, b, o) => {
      const r = sinkhornDivergence(a, b, needEps(o), { tol: o.tol, meter: o.meter });
      return {
        value: r.value,
        method: "log-domain Sinkhorn, ε-scaling",
        extra: {
          eps: r.eps,
          iterations: r.iterations,
          marginal_error: r.marginalError,
          converged: r.converged,
        },
      };
    },
  },
  "sinkhorn-cost": {
    uses: ["eps", "tol"],
    bytes: linear,
    summary: "⟨P_ε, C⟩ of the entropic plan (what POT's sinkhorn2 returns)",
    run: (a, b, o) => {
      const r = sinkhorn(a, b, needEps(o), { tol: o.tol, meter: o.meter });
      return {
        value: r.transportCost,
        method: "log-domain Sinkhorn, ε-scaling",
        extra: {
          eps: r.eps,
          ot_eps: r.cost,
          iterations: r.iterations,
          marginal_error: r.marginalError,
          converged: r.converged,
        },
      };
    },
  },
  symkl: {
    uses: [],
    bytes: (n, m, d) => linear(n, m, d) + 48 * d * d,
    summary: "SymKL of the moment-matched Gaussians (seed 001's metric)",
    run: (a, b) => ({ value: klGaussianFit(a, b) + klGaussianFit(b, a), method: "Gaussian fit" }),
  },
  kl: {
    uses: ["k"],
    bytes: linear,
    summary: "KL(A‖B) by k nearest neighbours (--k, default 5)",
    run: (a, b, o) => ({
      value: klKnn(a, b, o.k ?? 5, o.meter),
      method: "k-NN (Wang–Kulkarni–Verdú)",
    }),
  },
  "kl-kde": {
    uses: [],
    bytes: linear,
    summary: "KL(A‖B) by Gaussian kernel density estimates",
    run: (a, b, o) => ({
      value: klKde(a, b, o.meter),
      method: "KDE, Silverman bandwidths, leave-one-out",
    }),
  },
  mmd: {
    uses: ["bandwidth"],
    bytes: linear,
    summary: "unbiased MMD² with a Gaussian kernel (--bandwidth, default median heuristic)",
    run: (a, b, o) => ({ value: mmdSquared(a, b, o.bandwidth, o.meter), method: "U-statistic" }),
  },
  energy: {
    uses: [],
    bytes: linear,
    summary: "unbiased energy distance",
    run: (a, b, o) => ({ value: energyDistance(a, b, o.meter), method: "U-statistic" }),
  },
  ks: {
    uses: [],
    bytes: linear,
    summary: "Kolmogorov–Smirnov distance (1D)",
    run: (a, b) => ({ value: ks1d(a, b), method: "exact, merged CDFs" }),
  },
  tv: {
    uses: ["bins"],
    bytes: (n, m, d) => linear(n, m, d) + 16 * 1_000_000,
    summary:
      "total variation between histograms on common bins (1D; --bins, default Freedman–Diaconis)",
    run: (a, b, o) => ({ value: tvHistogram1d(a, b, o.bins), method: "histogram" }),
  },
};

export function distance(
  metric: string,
  a: Cloud,
  b: Cloud,
  options: DistanceOptions = {},
): DistanceResult {
  const entry = distances[metric];
  if (!entry)
    throw new ConfigError(
      `unknown metric "${metric}"; metrics: ${Object.keys(distances).join(", ")}`,
      "see ottoflow distance --help",
    );
  checkDistanceOptions(options);
  return { metric, ...entry.run(a, b, options) };
}
