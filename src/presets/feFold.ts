/**
 * Seed 000, example 1: KL to ∝ e^{−x⁴/4} from N(0, 1). One forward-Euler step pushes the
 * quantile mesh by T(x) = (1+h)x − hx³, which folds at ±x* = ±√((1+h)/(3h)); the scheme
 * detects the fold on the particles and ends `unstable`. The report sets the particles
 * against the exact push T#ρ0 (blow-ups at ±y*) and the true flow at t = h (exact 1D JKO
 * with τ = h/50); summary.json gets the fold data and W2/TV to the true flow.
 */
import { z } from "zod";
import { foldedPush } from "../diagnostics/forwardEulerExact.js";
import { sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { quartic } from "../energies/potential.js";
import { gaussian } from "../measures/construct.js";
import { jkoQuantileStep } from "../schemes/jkoQuantile1d.js";
import { quantileBoundaries } from "../schemes/quantileBoundaries.js";
import { w2ToQuantile } from "./metrics.js";
import { memoize } from "../core/memo.js";
import { definePreset } from "./types.js";

/** A measure given by quantile boundaries (mass 1/n per cell): its pdf and quantile function. */
export function boundaryMeasure(x: Float64Array) {
  const n = x.length - 1;
  const cell = (y: number): number => {
    let lo = 0;
    let hi = n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x[mid] <= y) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  return {
    pdf: (y: number) => (y < x[0] || y >= x[n] ? 0 : 1 / (n * (x[cell(y) + 1] - x[cell(y)]))),
    quantile: (s: number) => {
      const u = Math.min(n, Math.max(0, s * n));
      const i = Math.min(n - 1, Math.floor(u));
      return x[i] + (u - i) * (x[i + 1] - x[i]);
    },
  };
}

/** ½∫|p − q| on [lo, hi] by the midpoint rule (fine enough for integrable blow-ups). */
export function tvDistance(
  p: (x: number) => number,
  q: (x: number) => number,
  lo: number,
  hi: number,
  cells = 200_000,
): number {
  const h = (hi - lo) / cells;
  let s = 0;
  for (let i = 0; i < cells; i++) {
    const x = lo + (i + 0.5) * h;
    s += Math.abs(p(x) - q(x));
  }
  return 0.5 * s * h;
}

/**
 * What the run is measured against, for step h: the true flow at t = h (exact 1D JKO with 50
 * sub-steps from N(0, 1)) and its TV distances to the exact FE push and to ρ0 — the same for
 * every run of h, and computed only when a metric, an event or a plot first asks.
 */
const reference = memoize((h: number) => {
  const push = foldedPush(h);
  let boundaries = quantileBoundaries(gaussian({ mean: [0], cov: [[1]] }), 4000);
  for (let k = 0; k < 50; k++)
    boundaries = jkoQuantileStep(boundaries, h / 50, sum(quartic(), entropy())).x;
  const truth = boundaryMeasure(boundaries);
  const normal = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const tv = {
    push: tvDistance(push.pdf, truth.pdf, -12, 12),
    initial: tvDistance(normal, truth.pdf, -12, 12),
  };
  return { truth, tv };
});

export const feFoldPreset = definePreset({
  name: "fe-fold",
  summary:
    "Forward Euler folds its map on the first step: KL to e^{−x⁴/4} from N(0,1), against the exact push and the true flow (seed 000, example 1)",
  source: "seed 000, example 1",
  params: z.object({}).strict(),
  // Three steps to try; the fold ends the run after the first.
  time: { dt: 0.2, until: 0.6, save_every: 0.2 },
  scheme: { name: "forward-euler", params: { n: 4000, score: "lagrangian" } },
  build(_, { time }) {
    const h = time.dt;
    const push = foldedPush(h);
    const truth = () => reference(h).truth;
    const tv = () => reference(h).tv;
    const energy = sum(quartic(), entropy());
    const initial = gaussian({ mean: [0], cov: [[1]] });
    const range: [number, number] = [
      -Math.max(3.5, 1.3 * push.foldImage),
      Math.max(3.5, 1.3 * push.foldImage),
    ];
    const atStep1 = (t: number) => Math.abs(t - h) < 1e-9 * h;
    return {
      energy,
      initial,
      metrics: {
        // At t = h the particles are T(quantiles of ρ0): their W2 to the true flow is FE's error.
        "w2:true-flow": (m, t) =>
          atStep1(t) ? w2ToQuantile(m, truth().quantile) : t === 0 ? 0 : NaN,
      },
      events: () => ({
        fold_label: push.foldLabel,
        fold_image: push.foldImage,
        mass_beyond_fold: push.massBeyond,
        tv_exact_push_to_true_flow: tv().push,
        tv_initial_to_true_flow: tv().initial,
      }),
      problem: {
        target: "∝ exp(−x⁴/4)",
        initial: "N(0, 1)",
        map: `T(x) = (1+h)x − hx³, h = ${h}`,
      },
      view: {
        range,
        bins: 160,
        references: [
          { label: "exact FE push T#ρ0 (t = h)", pdf: push.pdf },
          { label: "true flow at t = h", pdf: (x) => truth().pdf(x) },
        ],
      },
    };
  },
});
