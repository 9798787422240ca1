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
import { momentsOf } from "../ot/gaussian.js";
import type { Measure, Particles } from "../measures/types.js";
import { energyDistanceTo } from "../ot/divergences.js";
import { cloud, cloudOf } from "../ot/cloud.js";
import { foldIn } from "../random/key.js";
import { coordinates1d, massRight } from "./metrics.js";
import { twoGaussianTarget } from "./fokkerPlanckGrid.js";
import { definePreset } from "./types.js";

export const svgdGmmPreset = definePreset({
  name: "svgd-gmm",
  summary: "SVGD from N(−10, 1) to the mixture ⅓N(−2, 1) + ⅔N(2, 1) (Liu & Wang's 1D example)",
  source: "SVGD (Liu & Wang 2016), seed 004 particle flows",
  params: z.object({}).strict(),
  time: { dt: 0.1, until: 200, save_every: 10 },
  scheme: { name: "svgd", params: { n: 200 } },
  build() {
    const target = gaussianMixture([
      { weight: 1 / 3, mean: [-2], variance: 1 },
      { weight: 2 / 3, mean: [2], variance: 1 },
    ]);
    const table = tabulateDensity((x) => target.logDensity([x]), -12, 12, 40_000);
    return {
      energy: sum(target.potential(), entropy()),
      initial: gaussian({ mean: [-10], cov: [[1]] }),
      metrics: {
        "ks:target": (m) => ksDistance(coordinates1d(m), table),
        "w2:target": (m) => w2ToDensity(coordinates1d(m), table),
        "mass:x>0": massRight,
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
      teacher: z.number().int().min(1).max(20_000).default(1000).describe("teacher samples"),
      kernel: z
        .enum(["energy-distance", "gaussian"])
        .default("energy-distance")
        .describe("MMD kernel"),
      width: z.number().positive().default(1).describe("Gaussian kernel width"),
      shift: z
        .number()
        .min(0)
        .max(4)
        .default(2)
        .describe("how far right of the start the teacher sits"),
    })
    .strict(),
  time: { dt: 0.5, until: 50, save_every: 2.5 },
  scheme: { name: "mmd-flow", params: { n: 200 } },
  build(p, { key: k }) {
    const law = twoGaussianTarget(p.shift);
    const teacher = law.sample(p.teacher, k);
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
      metrics: {
        "energy-distance:teacher": (m) => toTeacher(cloudOf(m)),
        ...(p.kernel === "gaussian"
          ? {
              "half-mmd2:teacher": (m: Measure) => halfMmdSquared(m as Particles, teacher, p.width),
            }
          : {}),
      },
      problem: { teacher: `½N((${p.shift}, ±1), ½I), ${p.teacher} samples`, kernel: p.kernel },
      view: { targetPdf2d: (x, y) => Math.exp(law.logDensity([x, y])) },
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
      shift: z
        .number()
        .min(0)
        .max(4)
        .default(2)
        .describe("how far right of the start the target sits"),
      drift: z.number().positive().max(10).default(1).describe("weight of −log β"),
      noise: z.number().positive().max(10).default(1).describe("temperature"),
    })
    .strict(),
  time: { dt: 0.02, until: 4, save_every: 0.2 },
  scheme: { name: "langevin", params: { n: 1000 } },
  tuned: {
    // Deterministic score particles: forward Euler with the KDE score (no fold check: the
    // flow is smooth here and the check costs 2d field evaluations per particle).
    "forward-euler": { scheme: { n: 1000, score: "kde", foldCheck: false } },
  },
  build(p, { key: k }) {
    const target = twoGaussianTarget(p.shift);
    const reference = target.sample(2000, foldIn(k, 7));
    const toReference = energyDistanceTo(cloud(reference.x, 2));
    const mean = target.mean();
    const cov = target.covariance();
    // At drift = noise the steady state is β itself; otherwise ∝ β^{drift/noise}.
    return {
      energy: sum(scale(target.potential(), p.drift), scale(entropy(), p.noise)),
      initial: gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      metrics: {
        "mean-x": (m) => momentsOf(m).mean[0],
        "var-y": (m) => momentsOf(m).cov.data[3],
        "energy-distance:target": (m) => toReference(cloudOf(m)),
      },
      problem: {
        target: `½N((${p.shift}, ±1), ½I)`,
        target_mean: Array.from(mean),
        target_cov: Array.from(cov),
        note: "steady state β when drift = noise",
      },
      view: { targetPdf2d: (x, y) => Math.exp(target.logDensity([x, y])) },
      reference,
    };
  },
});
