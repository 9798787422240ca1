/** Seed 002 §11: Langevin particles in the double well V = (x² − 1)², from N(0, 0.05²). */
import { z } from "zod";
import { doubleWell } from "../energies/potential.js";
import { scale, sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { gaussian } from "../measures/construct.js";
import { tabulateDensity, ksDistance, w2ToDensity } from "../diagnostics/density1d.js";
import { coordinates1d, massRight } from "./metrics.js";
import { definePreset } from "./types.js";

export const doubleWellPreset = definePreset({
  name: "double-well",
  summary:
    "Langevin particles settle into the Gibbs density of the double well (x²−1)² (seed 002 §11)",
  source: "seed 002 §11",
  params: z
    .object({
      noise: z
        .number()
        .positive()
        .max(100)
        .default(1)
        .describe("temperature σ: F = ∫V dρ + σ∫ρ log ρ"),
      init_std: z
        .number()
        .positive()
        .max(10)
        .default(0.05)
        .describe("std of the initial Gaussian at 0"),
    })
    .strict(),
  time: { dt: 0.005, until: 10, save_every: 0.5 },
  scheme: { name: "langevin", params: { n: 2000 } },
  build(p) {
    const v = (x: number) => (x * x - 1) ** 2;
    const gibbs = tabulateDensity((x) => -v(x) / p.noise, -4, 4, 40000);
    const energy = sum(doubleWell(), scale(entropy(), p.noise));
    return {
      energy,
      initial: gaussian({ mean: [0], cov: [[p.init_std ** 2]] }),
      metrics: {
        "ks:gibbs": (m) => ksDistance(coordinates1d(m), gibbs),
        "w2:gibbs": (m) => w2ToDensity(coordinates1d(m), gibbs),
        "mass:x>0": massRight,
      },
      problem: { potential: "(x²−1)²", target: `∝ exp(−V/${p.noise})` },
      view: {
        targetPdf: gibbs.pdf,
        targetLabel: "Gibbs density ∝ exp(−V/σ)",
        range: [-2.2, 2.2],
        bins: 60,
      },
    };
  },
});
