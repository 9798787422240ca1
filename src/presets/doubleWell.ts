/** Seed 002 §11: Langevin particles in the double well V = (x² − 1)², from N(0, 0.05²). */
import { z } from "zod";
import { doubleWell } from "../energies/potential.js";
import { scale, sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { gaussian } from "../measures/construct.js";
import { tabulateDensity, ksDistance, w2ToDensity } from "../diagnostics/density1d.js";
import { langevin } from "../schemes/langevin.js";
import { particleCoordinates } from "./metrics.js";
import { definePreset } from "./types.js";

export const doubleWellPreset = definePreset({
  name: "double-well",
  summary:
    "Langevin particles settle into the Gibbs density of the double well (x²−1)² (seed 002 §11)",
  source: "seed 002 §11",
  params: z
    .object({
      n: z.number().int().min(2).max(1_000_000).default(2000).describe("number of particles"),
      dt: z.number().positive().max(1).default(0.005).describe("Euler–Maruyama step"),
      steps: z.number().int().min(1).max(10_000_000).default(2000).describe("number of steps"),
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
      save_every: z.number().int().min(1).default(100).describe("steps between snapshots"),
    })
    .strict(),
  build(p) {
    const v = (x: number) => (x * x - 1) ** 2;
    const gibbs = tabulateDensity((x) => -v(x) / p.noise, -4, 4, 40000);
    const energy = sum(doubleWell(), scale(entropy(), p.noise));
    return {
      energy,
      initial: gaussian({ mean: [0], cov: [[p.init_std ** 2]] }),
      scheme: langevin({ dt: p.dt, n: p.n }),
      until: p.steps * p.dt,
      saveEvery: p.save_every * p.dt,
      metrics: {
        "ks:gibbs": (m) => ksDistance(particleCoordinates(m), gibbs),
        "w2:gibbs": (m) => w2ToDensity(particleCoordinates(m), gibbs),
        "mass:x>0": (m) => {
          const x = particleCoordinates(m);
          return x.filter((xi) => xi > 0).length / x.length;
        },
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
