/**
 * Particle presets of seed 004 and the SVGD classic:
 *  - svgd-gmm: SVGD from N(−10, 1) to ⅓N(−2, 1) + ⅔N(2, 1) (Liu & Wang's 1D example);
 *  - mmd-flow: the MMD flow (energy-distance or Gaussian kernel) from a compact shifted
 *    Gaussian to a two-Gaussian teacher, optionally with noise injection (seed 004, MMD panel);
 *  - fokker-planck-particles: KL to the two-Gaussian target of fokker-planck-grid by Langevin
 *    particles or by deterministic score particles (KDE score; seed 004, Fokker–Planck panel).
 */
import { z } from "zod";
import { tabulateDensity, ksDistance, w2ToDensity } from "../diagnostics/density1d.js";
import { scale, sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { gaussianMixture } from "../energies/mixture.js";
import { energyDistanceEnergy, halfMmdSquared, mmdEnergy } from "../energies/mmd.js";
import { gaussian } from "../measures/construct.js";
import { moments } from "../measures/moments.js";
import type { Measure, Particles } from "../measures/types.js";
import { energyDistanceTo } from "../ot/divergences.js";
import { cloud, cloudOf } from "../ot/cloud.js";
import { key } from "../random/key.js";
import { forwardEuler } from "../schemes/forwardEuler.js";
import { langevin } from "../schemes/langevin.js";
import { mmdFlow } from "../schemes/mmdFlow.js";
import { svgd } from "../schemes/svgd.js";
import { particleCoordinates } from "./metrics.js";
import { twoGaussianTarget } from "./fokkerPlanckGrid.js";
import { definePreset } from "./types.js";

export const svgdGmmPreset = definePreset({
  name: "svgd-gmm",
  summary: "SVGD from N(−10, 1) to the mixture ⅓N(−2, 1) + ⅔N(2, 1) (Liu & Wang's 1D example)",
  source: "SVGD (Liu & Wang 2016), seed 004 particle flows",
  params: z
    .object({
      n: z.number().int().min(2).max(20_000).default(200).describe("number of particles"),
      dt: z.number().positive().max(10).default(0.1).describe("step"),
      steps: z.number().int().min(1).max(100_000).default(2000).describe("number of steps"),
      bandwidth: z
        .union([z.literal("median"), z.number().positive()])
        .default("median")
        .describe('RBF width h in exp(−|x−y|²/h), or "median"'),
      save_every: z.number().int().min(1).default(100).describe("steps between snapshots"),
    })
    .strict(),
  build(p) {
    const target = gaussianMixture([
      { weight: 1 / 3, mean: [-2], variance: 1 },
      { weight: 2 / 3, mean: [2], variance: 1 },
    ]);
    const table = tabulateDensity((x) => target.logDensity([x]), -12, 12, 40_000);
    return {
      energy: sum(target.potential(), entropy()),
      initial: gaussian({ mean: [-10], cov: [[1]] }),
      scheme: svgd({ dt: p.dt, n: p.n, bandwidth: p.bandwidth }),
      until: p.steps * p.dt,
      saveEvery: p.save_every * p.dt,
      metrics: {
        "ks:target": (m) => ksDistance(particleCoordinates(m), table),
        "w2:target": (m) => w2ToDensity(particleCoordinates(m), table),
        "mass:x>0": (m) => {
          const x = particleCoordinates(m);
          return x.filter((v) => v > 0).length / x.length;
        },
      },
      problem: { target: "⅓N(−2, 1) + ⅔N(2, 1)", initial: "N(−10, 1)" },
      view: { targetPdf: table.pdf, targetLabel: "target", range: [-12, 6], bins: 60 },
    };
  },
});

export const mmdFlowPreset = definePreset({
  name: "mmd-flow",
  summary:
    "MMD flow of particles to a two-Gaussian teacher, energy-distance or Gaussian kernel, with optional noise injection (seed 004, MMD panel)",
  source: "seed 004, MMD particle flow",
  params: z
    .object({
      n: z.number().int().min(2).max(5000).default(200).describe("particles"),
      teacher: z.number().int().min(1).max(20_000).default(1000).describe("teacher samples"),
      kernel: z
        .enum(["energy-distance", "gaussian"])
        .default("energy-distance")
        .describe("MMD kernel"),
      width: z.number().positive().default(1).describe("Gaussian kernel width"),
      noise: z.number().min(0).default(0).describe("noise injection β₀ (0: plain MMD descent)"),
      shift: z
        .number()
        .min(0)
        .max(4)
        .default(2)
        .describe("how far right of the start the teacher sits"),
      dt: z.number().positive().max(100).default(0.5).describe("step"),
      until: z.number().positive().max(100_000).default(50).describe("final time"),
      save_every: z.number().positive().default(2.5).describe("time between snapshots"),
    })
    .strict(),
  build(p, k) {
    const teacher = twoGaussianTarget(p.shift).sample(p.teacher, k);
    const toTeacher = energyDistanceTo(cloud(teacher.x, teacher.d));
    return {
      energy: p.kernel === "gaussian" ? mmdEnergy(teacher, p.width) : energyDistanceEnergy(teacher),
      initial: gaussian({
        mean: [-1, 0],
        cov: [
          [0.1, 0],
          [0, 0.1],
        ],
      }),
      scheme: mmdFlow({ dt: p.dt, n: p.n, noise: p.noise }),
      until: p.until,
      saveEvery: p.save_every,
      metrics: {
        "energy-distance:teacher": (m) => toTeacher(cloudOf(m)),
        ...(p.kernel === "gaussian"
          ? {
              "half-mmd2:teacher": (m: Measure) => halfMmdSquared(m as Particles, teacher, p.width),
            }
          : {}),
      },
      problem: { teacher: `½N((${p.shift}, ±1), ½I), ${p.teacher} samples`, kernel: p.kernel },
      view: {},
      reference: teacher,
    };
  },
});

export const fokkerPlanckParticlesPreset = definePreset({
  name: "fokker-planck-particles",
  summary:
    "KL to a two-Gaussian target by Langevin particles or deterministic score particles (seed 004, Fokker–Planck panel)",
  source: "seed 004, Fokker–Planck panel",
  params: z
    .object({
      scheme: z
        .enum(["langevin", "score"])
        .default("langevin")
        .describe("stochastic Langevin or deterministic KDE-score particles"),
      n: z.number().int().min(2).max(100_000).default(1000).describe("particles"),
      shift: z
        .number()
        .min(0)
        .max(4)
        .default(2)
        .describe("how far right of the start the target sits"),
      drift: z.number().positive().max(10).default(1).describe("weight of −log β"),
      noise: z.number().positive().max(10).default(1).describe("temperature"),
      bandwidth: z
        .number()
        .positive()
        .optional()
        .describe("score particles: KDE width (default: Silverman's)"),
      dt: z.number().positive().max(1).default(0.02).describe("step"),
      until: z.number().positive().max(1000).default(4).describe("final time"),
      save_every: z.number().positive().default(0.2).describe("time between snapshots"),
    })
    .strict(),
  build(p) {
    const target = twoGaussianTarget(p.shift);
    const reference = target.sample(2000, key(7));
    const toReference = energyDistanceTo(cloud(reference.x, 2));
    const mean = target.mean();
    const cov = target.covariance();
    // At drift = noise the steady state is β itself; otherwise ∝ β^{drift/noise}.
    const scheme =
      p.scheme === "langevin"
        ? langevin({ dt: p.dt, n: p.n })
        : forwardEuler({
            dt: p.dt,
            n: p.n,
            score: "kde",
            bandwidth: p.bandwidth ?? "silverman",
            foldCheck: false,
          });
    return {
      energy: sum(scale(target.potential(), p.drift), scale(entropy(), p.noise)),
      initial: gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      scheme,
      until: p.until,
      saveEvery: p.save_every,
      metrics: {
        "mean-x": (m) => moments(m as Particles).mean[0],
        "var-y": (m) => moments(m as Particles).cov.data[3],
        "energy-distance:target": (m) => toReference(cloudOf(m)),
      },
      problem: {
        target: `½N((${p.shift}, ±1), ½I)`,
        target_mean: Array.from(mean),
        target_cov: Array.from(cov),
        note: "steady state β when drift = noise",
      },
      view: {},
      reference,
    };
  },
});
