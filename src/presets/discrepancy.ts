/**
 * Seed 004, "discrepancy geometries": one source cloud and one target cloud, pulled together
 * by OT displacement, the MMD witness, the Sinkhorn divergence or the normalised drifting field
 * (schemes/discrepancyFlow.ts). The report tracks each geometry's own discrepancy and, as a
 * common yardstick, the exact W2 to the target.
 */
import { z } from "zod";
import { twoGaussianTarget } from "./fokkerPlanckGrid.js";
import { gaussian } from "../measures/construct.js";
import type { Measure } from "../measures/types.js";
import { cloudOf } from "../ot/cloud.js";
import { w2SquaredExact } from "../ot/exact.js";
import { discrepancy } from "../energies/problemTerms.js";
import { discrepancyGeometries } from "../energies/types.js";
import { definePreset } from "./types.js";

export const discrepancyPreset = definePreset({
  name: "discrepancy-flows",
  summary:
    "One source and one target cloud pulled together by OT, MMD, Sinkhorn or the drifting field (seed 004, discrepancy geometries)",
  source: "seed 004, discrepancy geometries",
  params: z
    .object({
      geometry: z.enum(discrepancyGeometries).default("ot").describe("the discrepancy"),
      smoothing: z
        .number()
        .positive()
        .max(10)
        .default(0.5)
        .describe("length scale σ: kernel width (MMD, drifting), ε = σ² (Sinkhorn)"),
      targets: z.number().int().min(2).max(2000).default(150).describe("target samples"),
    })
    .strict(),
  time: { dt: 0.05, until: 4, save_every: 0.2 },
  scheme: { name: "discrepancy-flow", params: { n: 150 } },
  build(p, { key: k }) {
    const target = twoGaussianTarget(2).sample(p.targets, k);
    const source = gaussian({
      mean: [-2, 0],
      cov: [
        [0.25, 0],
        [0, 0.25],
      ],
    });
    const targetCloud = cloudOf(target);
    return {
      energy: discrepancy({ geometry: p.geometry, target, smoothing: p.smoothing }),
      initial: source,
      metrics: {
        "w2-to-target": (m: Measure) => Math.sqrt(w2SquaredExact(cloudOf(m), targetCloud)),
      },
      problem: {
        source: "N((−2, 0), 0.25 I)",
        target: "n samples of ½N((2, 1), 0.5 I) + ½N((2, −1), 0.5 I), drawn with the problem key",
      },
      view: {},
      reference: target,
    };
  },
});
