/**
 * Seed 002, "Fisher–Rao vs Wasserstein": one KL flow towards μ = N(0, 1) from N(m₀, ½²) in
 * three geometries (schemes/fisherRao1d.ts). The Fisher–Rao flow reweights in place, the
 * Wasserstein flow transports, Wasserstein–Fisher–Rao does both. Every one keeps Gaussians
 * Gaussian, with closed forms (docs/errata.md derives them):
 *   FR:   precision λ = e^{−t}λ₀ + 1 − e^{−t}, λm = e^{−t}λ₀m₀;
 *   W2:   m = m₀e^{−t}, v = 1 + (v₀ − 1)e^{−2t};
 *   WFR:  v = (Ce^{3t} − 2)/(Ce^{3t} + 1), m = m₀e^{t}(C + 1)/(Ce^{3t} + 1), C = (2 + v₀)/(1 − v₀).
 */
import { z } from "zod";
import { grid } from "../measures/construct.js";
import { toQuantile1d } from "../measures/convert.js";
import type { Measure } from "../measures/types.js";
import { momentsOf } from "../ot/gaussian.js";
import { w2ToGaussian1d } from "../ot/oneD.js";
import { sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { quadratic } from "../energies/potential.js";
import type { KlGeometry } from "../schemes/fisherRao1d.js";
import { definePreset } from "./types.js";

const V0 = 0.25;

/** Mean and variance of the flow of KL(· ‖ N(0,1)) from N(m₀, v₀) at time t. */
export function klFlowGaussian(geometry: KlGeometry, m0: number, t: number, v0 = V0) {
  if (geometry === "fisher-rao") {
    const lambda = Math.exp(-t) / v0 + 1 - Math.exp(-t);
    return { mean: (Math.exp(-t) * m0) / v0 / lambda, variance: 1 / lambda };
  }
  if (geometry === "wasserstein")
    return { mean: m0 * Math.exp(-t), variance: 1 + (v0 - 1) * Math.exp(-2 * t) };
  const c = (2 + v0) / (1 - v0);
  const grow = c * Math.exp(3 * t);
  return { mean: (m0 * Math.exp(t) * (c + 1)) / (grow + 1), variance: (grow - 2) / (grow + 1) };
}

export const fisherRaoPreset = definePreset({
  name: "fisher-rao-vs-wasserstein",
  summary:
    "KL flow to N(0,1) in the Fisher–Rao, Wasserstein and Wasserstein–Fisher–Rao geometries, against closed forms (seed 002)",
  source: "seed 002, Fisher–Rao vs Wasserstein",
  params: z
    .object({
      start_mean: z.number().min(-4).max(4).default(2).describe("mean m₀ of the start N(m₀, ½²)"),
      cells: z.number().int().min(50).max(5000).default(400).describe("grid cells on [−8, 8]"),
    })
    .strict(),
  time: { dt: 0.01, until: 3, save_every: 0.1 },
  // `--set scheme.geometry=fisher-rao|wasserstein|wfr` picks the geometry.
  scheme: { name: "kl-grid-flow", params: { geometry: "wasserstein" } },
  build(p, { scheme, schemeParams }) {
    // The closed forms are those of the grid flows' geometry; W2 for every other scheme.
    const geometry: KlGeometry =
      scheme.name === "kl-grid-flow" ? (schemeParams.geometry as KlGeometry) : "wasserstein";
    const [lo, hi] = [-8, 8];
    const h = (hi - lo) / p.cells;
    const centre = (i: number) => lo + (i + 0.5) * h;
    const start = grid({
      lower: [lo],
      upper: [hi],
      shape: [p.cells],
      density: Float64Array.from({ length: p.cells }, (_, i) => {
        const z = (centre(i) - p.start_mean) / Math.sqrt(V0);
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI * V0);
      }),
    });
    const law = (t: number) => klFlowGaussian(geometry, p.start_mean, t);
    return {
      // KL(ρ ‖ N(0, 1)) = ∫ x²/2 dρ + ∫ρ log ρ + const
      energy: sum(quadratic({ A: [[1]], b: [0] }), entropy()),
      initial: start,
      metrics: {
        "w2:closed-form": (m: Measure, t) => {
          const { mean, variance } = law(t);
          return w2ToGaussian1d(toQuantile1d(m, 2000).values, mean, Math.sqrt(variance));
        },
        mean: (m) => momentsOf(m).mean[0],
        variance: (m) => momentsOf(m).cov.data[0],
        "mean:closed-form": (_, t) => law(t).mean,
        "variance:closed-form": (_, t) => law(t).variance,
      },
      problem: {
        target: "N(0, 1)",
        start: `N(${p.start_mean}, 0.25)`,
        geometry,
        grid: `[−8, 8], ${p.cells} cells`,
      },
      view: { range: [-4, 5] },
    };
  },
});
