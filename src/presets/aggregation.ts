/**
 * Seed 001's aggregation examples as particle ODEs ẋ_i = −(1/N)Σ_j ∇W(x_i − x_j):
 *  - aggregation-ring (2D, W = |x|⁴/4 − |x|²/2): the particles settle on a circle of radius
 *    1/√3 (not the seed's 0.5; docs/verification.md derives the radial ODE);
 *  - aggregation-log (1D, W = |x|²/2 − ln|x|): the steady particles are exactly the zeros of
 *    the Hermite polynomial H_N scaled by 1/√N (Stieltjes' electrostatic problem), which
 *    fill the semicircle √(2 − x²)/π as N grows.
 */
import { z } from "zod";
import { matrix } from "../core/matrix.js";
import { eigSymmetric } from "../core/linalg.js";
import { tabulateDensity, ksDistance } from "../diagnostics/density1d.js";
import { interaction } from "../energies/interaction.js";
import { gaussian } from "../measures/construct.js";
import type { Measure, Particles } from "../measures/types.js";
import { interactionOde } from "../schemes/interactionOde.js";
import { neuralJko } from "../schemes/neuralJko.js";
import { particleCoordinates } from "./metrics.js";
import { jkoOuterParam } from "./neuralParams.js";
import { definePreset } from "./types.js";

/** The centre of mass of 2D particles. */
function centreOf(p: Particles): [number, number] {
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < p.n; i++) {
    cx += p.x[2 * i] / p.n;
    cy += p.x[2 * i + 1] / p.n;
  }
  return [cx, cy];
}

/** Radii |x_i − x̄| of 2D particles. */
function radii(m: Measure): Float64Array {
  const p = m as Particles;
  const [cx, cy] = centreOf(p);
  return Float64Array.from({ length: p.n }, (_, i) =>
    Math.hypot(p.x[2 * i] - cx, p.x[2 * i + 1] - cy),
  );
}

/**
 * |mean of e^{ikθ}| over the particles' angles about their centre. W is a polynomial in
 * |x − y|², so F depends only on moments up to order four: every ring of radius 1/√3 whose
 * first two angular modes vanish (centred, isotropic) is a minimiser, while modes k ≥ 3 stay
 * as they start (~1/√N for random angles).
 */
function angularMode(k: number) {
  return (m: Measure): number => {
    const p = m as Particles;
    const [cx, cy] = centreOf(p);
    let c = 0;
    let s = 0;
    for (let i = 0; i < p.n; i++) {
      const theta = Math.atan2(p.x[2 * i + 1] - cy, p.x[2 * i] - cx);
      c += Math.cos(k * theta) / p.n;
      s += Math.sin(k * theta) / p.n;
    }
    return Math.hypot(c, s);
  };
}

/** What both ring presets share: the energy, the Gaussian start and the radius metrics. */
function ringProblem(initStd: number) {
  const target = 1 / Math.sqrt(3);
  return {
    energy: interaction("ring"),
    initial: gaussian({
      mean: [0, 0],
      cov: [
        [initStd ** 2, 0],
        [0, initStd ** 2],
      ],
    }),
    radiusMetrics: {
      "radius:mean": (m: Measure) => radii(m).reduce((s, r) => s + r, 0) / (m as Particles).n,
      "radius:max-deviation": (m: Measure) =>
        radii(m).reduce((s, r) => Math.max(s, Math.abs(r - target)), 0),
    },
    target,
  };
}

export const aggregationRingPreset = definePreset({
  name: "aggregation-ring",
  summary:
    "Particles under W = |x|⁴/4 − |x|²/2 in 2D settle on a ring of radius 1/√3 (seed 001, aggregation example 1; the seed's 0.5 is wrong)",
  source: "seed 001, aggregation example 1",
  params: z
    .object({
      n: z.number().int().min(3).max(100_000).default(400).describe("number of particles"),
      dt: z.number().positive().max(1).default(0.05).describe("explicit Euler step"),
      until: z.number().positive().max(10_000).default(40).describe("final time"),
      init_std: z.number().positive().max(10).default(0.3).describe("std of the initial N(0, s²I)"),
      save_every: z.number().positive().default(0.5).describe("time between snapshots"),
    })
    .strict(),
  build(p) {
    const ring = ringProblem(p.init_std);
    return {
      energy: ring.energy,
      initial: ring.initial,
      scheme: interactionOde({ dt: p.dt, n: p.n }),
      until: p.until,
      saveEvery: p.save_every,
      metrics: {
        ...ring.radiusMetrics,
        "angular-mode:1": angularMode(1),
        "angular-mode:2": angularMode(2),
        "angular-mode:3": angularMode(3),
      },
      problem: { kernel: "W(x) = |x|⁴/4 − |x|²/2", steady_radius: ring.target },
      view: {},
    };
  },
});

/** The zeros of the physicists' Hermite H_N: eigenvalues of the Jacobi matrix with off-diagonal √(k/2). */
export function hermiteZeros(n: number): Float64Array {
  const j = matrix(n, n);
  for (let k = 1; k < n; k++) {
    j.data[(k - 1) * n + k] = Math.sqrt(k / 2);
    j.data[k * n + k - 1] = Math.sqrt(k / 2);
  }
  return Float64Array.from(eigSymmetric(j).values).sort();
}

export const aggregationLogPreset = definePreset({
  name: "aggregation-log",
  summary:
    "The 1D log gas W = |x|²/2 − ln|x|: particles settle on the scaled Hermite zeros, filling the semicircle √(2−x²)/π",
  source: "seed 001, aggregation example 2",
  params: z
    .object({
      n: z.number().int().min(3).max(5000).default(200).describe("number of particles"),
      dt: z.number().positive().max(1).default(0.002).describe("explicit Euler step"),
      until: z.number().positive().max(10_000).default(10).describe("final time"),
      init_std: z.number().positive().max(10).default(0.5).describe("std of the initial N(0, s²)"),
      save_every: z.number().positive().default(0.5).describe("time between snapshots"),
    })
    .strict(),
  build(p) {
    // Stieltjes: x_i − x̄ = (1/N)Σ_{j≠i} 1/(x_i − x_j) is solved by x = z/√N, H_N(z) = 0.
    const steady = Float64Array.from(hermiteZeros(p.n), (z) => z / Math.sqrt(p.n));
    const semicircle = tabulateDensity(
      (x) => 0.5 * Math.log(Math.max(2 - x * x, 1e-300)),
      -Math.SQRT2,
      Math.SQRT2,
      20000,
    );
    return {
      energy: interaction("log"),
      initial: gaussian({ mean: [0], cov: [[p.init_std ** 2]] }),
      scheme: interactionOde({ dt: p.dt, n: p.n }),
      until: p.until,
      saveEvery: p.save_every,
      metrics: {
        "max-distance:hermite-steady": (m) => {
          const x = Float64Array.from(particleCoordinates(m)).sort();
          const mean = x.reduce((s, v) => s + v, 0) / x.length;
          return x.reduce((s, v, i) => Math.max(s, Math.abs(v - mean - steady[i])), 0);
        },
        "ks:semicircle": (m) => ksDistance(particleCoordinates(m), semicircle),
      },
      problem: {
        kernel: "W(x) = |x|²/2 − ln|x|",
        steady: "Hermite zeros / √N; semicircle √(2−x²)/π as N → ∞",
      },
      view: {
        targetPdf: (x) => (Math.abs(x) < Math.SQRT2 ? Math.sqrt(2 - x * x) / Math.PI : 0),
        targetLabel: "semicircle √(2−x²)/π",
        range: [-2, 2],
        bins: 40,
      },
    };
  },
});

export const aggregationRingNeuralPreset = definePreset({
  name: "aggregation-ring-neural",
  summary:
    "The ring aggregation of seed 001 by the neural variational JKO: the interaction evaluated on the samples inside each step",
  source: "seed 001, aggregation example 1",
  params: z
    .object({
      n: z.number().int().min(100).max(100_000).default(1000).describe("particle pool"),
      tau: z.number().positive().max(10).default(0.5).describe("JKO step"),
      until: z.number().positive().max(10_000).default(20).describe("final time"),
      jko_outer: jkoOuterParam(200),
      init_std: z.number().positive().max(10).default(0.3).describe("std of the initial N(0, s²I)"),
    })
    .strict(),
  build(p) {
    const ring = ringProblem(p.init_std);
    return {
      energy: ring.energy,
      initial: ring.initial,
      scheme: neuralJko({
        dt: p.tau,
        n: p.n,
        outer: p.jko_outer,
        batch: Math.min(500, p.n),
        width: 32,
        mapDepth: 3,
        dualDepth: 1,
        lr: 0.002,
      }),
      until: p.until,
      saveEvery: p.tau,
      metrics: {
        ...ring.radiusMetrics,
      },
      problem: {
        kernel: "W(x) = |x|⁴/4 − |x|²/2",
        steady_radius: ring.target,
        steady_energy: -1 / 12,
      },
      view: {},
    };
  },
});
