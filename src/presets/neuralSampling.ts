/**
 * Sampling by the neural variational JKO (seed 001): KL flows towards unnormalised targets,
 * run on particles alone with an MLP map.
 *  - gmm: a Gaussian mixture in d = 2…32 (components on a circle in the first two
 *    coordinates), checked by the energy distance to exact target samples and by its moments;
 *  - two-moons: the two-moons density of the flow literature,
 *    U(z) = ½((|z| − 2)/0.4)² − log(e^{−½((z₁−2)/0.6)²} + e^{−½((z₁+2)/0.6)²}), checked by the
 *    energy distance to a fine-grid reference sample.
 */
import { z } from "zod";
import { logSumExp } from "../core/reduce.js";
import { sum } from "../energies/combine.js";
import { entropy } from "../energies/internal.js";
import { gaussianMixture } from "../energies/mixture.js";
import { potential } from "../energies/potential.js";
import { gaussian } from "../measures/construct.js";
import type { Particles } from "../measures/types.js";
import { cloud, cloudOf } from "../ot/cloud.js";
import { energyDistance } from "../ot/divergences.js";
import { type Key, foldIn } from "../random/key.js";
import { uniform } from "../random/sample.js";
import { definePreset } from "./types.js";

/**
 * The neural JKO settings both sampling presets share (MLP map and dual of depth 3). As for the
 * OU preset, Adam's memory carried from step to step and the cosine tail solve each step in
 * J1 = 100 as well as a fresh Adam does in 500: energy distance to the target at t = 2 (its
 * noise is O(1/n), ~1e-3 here), J1 = 500 fresh → J1 = 100 warm: gmm 1.0e-5 → −4.4e-5 (d = 2),
 * 2.0e-3 → −5.9e-4 (8D), 1.7e-4 → −4.3e-4 (13D), two-moons −7.6e-5 → −5.1e-4, in a fifth of
 * the time (docs/benchmarks.md).
 */
const neuralRun = {
  time: { dt: 0.1, until: 2, save_every: 0.1 },
  scheme: {
    name: "neural-jko",
    params: {
      n: 4000,
      outer: 100,
      schedule: "cosine",
      adam: "warm",
      lr: 0.002,
      batch: 1000,
      width: 64,
      mapDepth: 3,
      dualDepth: 3,
    },
  },
  tuned: {
    langevin: { time: { dt: 0.01 }, scheme: { n: 4000 } },
    // explicit: the two-moons ring is stiff (V'' ≈ 1/0.4²), and so is the KDE score
    "forward-euler": { time: { dt: 0.01 }, scheme: { n: 1000 } },
  },
};

export const gmmPreset = definePreset({
  name: "gmm",
  summary: "Sampling a Gaussian mixture by the neural variational JKO, d = 2…32 (seed 001)",
  source: "seed 001, sampling experiments",
  params: z
    .object({
      dim: z.number().int().min(2).max(32).default(2).describe("dimension d"),
      components: z.number().int().min(1).max(16).default(4).describe("mixture components"),
    })
    .strict(),
  ...neuralRun,
  build(p, { key: k }) {
    const mixture = gaussianMixture(
      Array.from({ length: p.components }, (_, k) => {
        const mean = new Array<number>(p.dim).fill(0);
        mean[0] = 2 * Math.cos((2 * Math.PI * k) / p.components);
        mean[1] = 2 * Math.sin((2 * Math.PI * k) / p.components);
        return { weight: 1, mean, variance: 0.25 };
      }),
    );
    const reference = mixture.sample(2000, foldIn(k, 11));
    const refCloud = cloud(reference.x, p.dim);
    const identity = Array.from({ length: p.dim }, (_, i) =>
      Array.from({ length: p.dim }, (_, j) => (i === j ? 1 : 0)),
    );
    return {
      energy: sum(mixture.potential(), entropy()),
      initial: gaussian({ mean: new Array<number>(p.dim).fill(0), cov: identity }),
      evaluate: { internalEstimator: "gaussian" },
      metrics: {
        "energy-distance:target": (m) => energyDistance(cloudOf(m), refCloud),
      },
      problem: { target: `${p.components} components N(μ_k, ¼I), μ_k on the circle of radius 2` },
      view: {},
    };
  },
});

/** log of the (unnormalised) two-moons density and its gradient. */
function twoMoons() {
  const logs = new Float64Array(2);
  const logDensity = (x: Float64Array): number => {
    const r = Math.hypot(x[0], x[1]);
    logs[0] = -0.5 * ((x[0] - 2) / 0.6) ** 2;
    logs[1] = -0.5 * ((x[0] + 2) / 0.6) ** 2;
    return -0.5 * ((r - 2) / 0.4) ** 2 + logSumExp(logs);
  };
  return {
    logDensity,
    energy: potential({
      name: "two-moons",
      dim: 2,
      value: (x) => -logDensity(x),
      grad(x, out) {
        const r = Math.max(Math.hypot(x[0], x[1]), 1e-12);
        const radial = (r - 2) / (0.4 * 0.4 * r);
        const a = -0.5 * ((x[0] - 2) / 0.6) ** 2;
        const b = -0.5 * ((x[0] + 2) / 0.6) ** 2;
        const top = Math.max(a, b);
        const wa = Math.exp(a - top);
        const wb = Math.exp(b - top);
        const dMix = (wa * -(x[0] - 2) + wb * -(x[0] + 2)) / (0.36 * (wa + wb));
        out[0] = radial * x[0] - dMix;
        out[1] = radial * x[1];
      },
    }),
  };
}

/** Exact samples of a 2D density on a box by rejection from the uniform (for references). */
function rejectionSample(
  logDensity: (x: Float64Array) => number,
  n: number,
  box: number,
  k: Key,
): Particles {
  let top = -Infinity;
  const pt = new Float64Array(2);
  for (let i = 0; i <= 200; i++)
    for (let j = 0; j <= 200; j++) {
      pt[0] = -box + (2 * box * i) / 200;
      pt[1] = -box + (2 * box * j) / 200;
      top = Math.max(top, logDensity(pt));
    }
  const x = new Float64Array(2 * n);
  let count = 0;
  for (let round = 0; count < n; round++) {
    const u = uniform(foldIn(k, round), 3 * 4096);
    for (let k = 0; k < 4096 && count < n; k++) {
      pt[0] = -box + 2 * box * u[3 * k];
      pt[1] = -box + 2 * box * u[3 * k + 1];
      // the 0.5 margin keeps the grid maximum an upper bound between grid points
      if (Math.log(u[3 * k + 2]) < logDensity(pt) - top - 0.5) {
        x[2 * count] = pt[0];
        x[2 * count + 1] = pt[1];
        count++;
      }
    }
  }
  return { kind: "particles", n, d: 2, x };
}

export const twoMoonsPreset = definePreset({
  name: "two-moons",
  summary: "Sampling the two-moons density by the neural variational JKO (seed 001)",
  source: "seed 001, sampling experiments",
  params: z.object({}).strict(),
  ...neuralRun,
  build(_, { key: k }) {
    const target = twoMoons();
    const reference = rejectionSample(target.logDensity, 2000, 4, k);
    const refCloud = cloud(reference.x, 2);
    return {
      energy: sum(target.energy, entropy()),
      initial: gaussian({
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
      }),
      evaluate: { internalEstimator: "gaussian" },
      metrics: {
        "energy-distance:target": (m) => energyDistance(cloudOf(m), refCloud),
      },
      problem: {
        target: "U(z) = ½((|z| − 2)/0.4)² − log(e^{−½((z₁−2)/0.6)²} + e^{−½((z₁+2)/0.6)²})",
      },
      view: {},
    };
  },
});
