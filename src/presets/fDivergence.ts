/**
 * Seed 003: Wasserstein flows of f-divergences D_f(ρ ‖ μ) towards μ = N(0, 1) — KL, χ²,
 * Hellinger, reverse KL — by KDE particles (schemes/fDivergenceFlow.ts), each against an
 * independent grid solution of ∂tρ = ∂x(μ g(ρ/μ) ∂x(ρ/μ)) (schemes/ratioDiffusion1d.ts).
 * The start mixes a little of μ into a shifted narrow Gaussian, (1 − w)N(m₀, ½²) + wN(0, 1),
 * so that ρ/μ ≥ w everywhere: every mobility g stays bounded and each flow is well posed.
 * The results also say which divergence is displacement convex along Gaussian geodesics.
 */
import { z } from "zod";
import { gaussianMixture } from "../energies/mixture.js";
import { grid } from "../measures/construct.js";
import { toQuantile1d } from "../measures/convert.js";
import type { Measure } from "../measures/types.js";
import { cloudOf } from "../ot/cloud.js";
import { momentsOf } from "../ot/gaussian.js";
import { w2Squared1d } from "../ot/oneD.js";
import { fTimesMu, mobility } from "../energies/fDivergence.js";
import { fDivergence } from "../energies/problemTerms.js";
import { type FDivergence, fDivergences } from "../energies/types.js";
import { ratioDiffusion, ratioGrid } from "../schemes/ratioDiffusion1d.js";
import { definePreset } from "./types.js";

const logStandard = (x: number) => -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);

/** D_f(N(m, s²) ‖ N(0, 1)) by quadrature (log domain, 20 000 cells over ±(|m| + 12s + 12)). */
export function fDivergenceGaussian(f: FDivergence, m: number, s: number): number {
  // ρ²/μ ∝ e^{−x²(1/s² − 1/2)} is not integrable once s² ≥ 2.
  if (f === "chi2" && s * s >= 2) return Infinity;
  const half = Math.abs(m) + 12 * s + 12;
  const cells = 20_000;
  const h = (2 * half) / cells;
  let total = 0;
  for (let i = 0; i < cells; i++) {
    const x = -half + (i + 0.5) * h;
    const logRho = -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
    total += fTimesMu(f, logRho, logStandard(x)) * h;
  }
  return total;
}

/** The smallest second derivative of t ↦ D_f(ρ_t) along the W2 geodesic N(m₀, s₀²) → N(m₁, s₁²). */
export function geodesicCurvature(f: FDivergence, from: [number, number], to: [number, number]) {
  const at = (t: number) =>
    fDivergenceGaussian(f, from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1]));
  const e = 1e-2;
  let least = Infinity;
  for (let t = 0.1; t < 0.95; t += 0.2)
    least = Math.min(least, (at(t + e) - 2 * at(t) + at(t - e)) / (e * e));
  return least;
}

/** Geodesics between Gaussians on which the four divergences are probed. */
export const probeGeodesics: [string, [number, number], [number, number]][] = [
  ["N(0,2²)→N(0,3²)", [0, 2], [0, 3]],
  ["N(2,½²)→N(0,1)", [2, 0.5], [0, 1]],
  ["N(0,½²)→N(0,1.3²)", [0, 0.5], [0, 1.3]],
];

export const fDivergencePreset = definePreset({
  name: "f-divergence-flows",
  summary:
    "W2 flows of KL, χ², Hellinger and reverse KL to N(0,1) by KDE particles, against a grid solution; which are displacement convex (seed 003)",
  source: "seed 003, f-divergences",
  params: z
    .object({
      divergence: z.enum(fDivergences).default("chi2").describe("the f-divergence"),
      start_mean: z.number().min(-4).max(4).default(2).describe("m₀ of the start"),
      mix: z.number().gt(0).max(1).default(0.1).describe("weight w of μ in the start"),
      n: z.number().int().min(50).max(20_000).default(1000).describe("particles of the start"),
      cells: z
        .number()
        .int()
        .min(100)
        .max(4000)
        .default(400)
        .describe("grid reference cells on [−7, 7]"),
    })
    .strict(),
  time: { dt: 0.05, until: 2, save_every: 0.25 },
  decides: ["n", "start"],
  scheme: { name: "f-divergence-flow" },
  build(p, { key: k }) {
    const start = gaussianMixture([
      { weight: 1 - p.mix, mean: [p.start_mean], variance: 0.25 },
      { weight: p.mix, mean: [0], variance: 1 },
    ]);
    const initial = start.sample(p.n, k);
    // The grid reference: the same start and flow on [−7, 7].
    const [lo, hi] = [-7, 7];
    const cell = (hi - lo) / p.cells;
    const centre = (i: number) => lo + (i + 0.5) * cell;
    const mu = Float64Array.from({ length: p.cells }, (_, i) => Math.exp(logStandard(centre(i))));
    const space = ratioGrid(mu, cell);
    const g = (r: number) => mobility(p.divergence, Math.log(r));
    let reference: { t: number; rho: Float64Array } = {
      t: 0,
      rho: Float64Array.from({ length: p.cells }, (_, i) =>
        Math.exp(start.logDensity([centre(i)])),
      ),
    };
    const rho0 = reference.rho;
    const referenceAt = (t: number) => {
      if (t < reference.t) reference = { t: 0, rho: rho0 };
      if (t > reference.t)
        reference = { t, rho: ratioDiffusion(space, reference.rho, t - reference.t, g) };
      return reference.rho;
    };
    const referenceGrid = (t: number) =>
      grid({ lower: [lo], upper: [hi], shape: [p.cells], density: referenceAt(t) });
    return {
      energy: fDivergence({
        divergence: p.divergence,
        logTarget: logStandard,
        gradLogTarget: (x) => -x,
      }),
      initial,
      metrics: {
        "w2:grid-reference": (m: Measure, t) =>
          Math.sqrt(w2Squared1d(cloudOf(m), cloudOf(toQuantile1d(referenceGrid(t), 2000)))),
        mean: (m) => momentsOf(m).mean[0],
        "mean:grid-reference": (_, t) => momentsOf(referenceGrid(t)).mean[0],
      },
      // Geodesics along which D_f is infinite (χ² once s² ≥ 2) are left out.
      events: () =>
        Object.fromEntries(
          probeGeodesics
            .filter(([, a, b]) =>
              [a, b].every(([m, sd]) => Number.isFinite(fDivergenceGaussian(p.divergence, m, sd))),
            )
            .map(([name, a, b]) => [
              `least D_f'' along ${name}`,
              geodesicCurvature(p.divergence, a, b),
            ]),
        ),
      problem: {
        target: "N(0, 1)",
        start: `${1 - p.mix}·N(${p.start_mean}, 0.25) + ${p.mix}·N(0, 1)`,
        mobility: { kl: "1", chi2: "2r", hellinger: "½r^{−1/2}", "reverse-kl": "1/r" }[
          p.divergence
        ],
        displacement_convexity:
          "KL: 1-convex (μ is 1-log-concave); Hellinger and reverse KL: not (concave along N(0,2²)→N(0,3²)); χ²: convex along the probed Gaussian geodesics, no general claim",
      },
      view: { range: [-5, 5] },
    };
  },
});
