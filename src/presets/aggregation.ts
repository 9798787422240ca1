/**
 * Seed 001's aggregation examples as particle ODEs ẋ_i = −(1/N)Σ_j ∇W(x_i − x_j):
 *  - aggregation-ring (2D, W = |x|⁴/4 − |x|²/2): the particles settle on a circle of radius
 *    1/√3 (not the seed's 0.5; docs/verification.md derives the radial ODE);
 *  - aggregation-log (1D, W = |x|²/2 − ln|x|): the steady particles are exactly the zeros of
 *    the Hermite polynomial H_N scaled by 1/√N (Stieltjes' electrostatic problem), which
 *    fill the semicircle √(2 − x²)/π as N grows.
 */
import { z } from "zod";
import { hermiteZeros } from "../core/hermiteZeros.js";
import { tabulateDensity, ksDistance } from "../diagnostics/density1d.js";
import { interaction } from "../energies/interaction.js";
import { gaussian } from "../measures/construct.js";
import type { Measure, Particles } from "../measures/types.js";
import { initialParticles, particleStarts } from "../schemes/particleState.js";
import { coordinates1d } from "./metrics.js";
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
      init_std: z.number().positive().max(10).default(0.3).describe("std of the initial N(0, s²I)"),
    })
    .strict(),
  time: { dt: 0.05, until: 40, save_every: 0.5 },
  scheme: { name: "interaction-ode", params: { n: 400 } },
  tuned: {
    // The interaction evaluated on the samples inside each neural JKO step (seed 001).
    "neural-jko": {
      time: { dt: 0.5, until: 20, save_every: 0.5 },
      scheme: { n: 1000, outer: 200, batch: 500, width: 32, mapDepth: 3, dualDepth: 1, lr: 0.002 },
    },
  },
  aliases: [{ name: "aggregation-ring-neural", scheme: "neural-jko" }],
  build(p) {
    const ring = ringProblem(p.init_std);
    return {
      energy: ring.energy,
      initial: ring.initial,
      metrics: {
        ...ring.radiusMetrics,
        "angular-mode:1": angularMode(1),
        "angular-mode:2": angularMode(2),
        "angular-mode:3": angularMode(3),
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

export const aggregationLogPreset = definePreset({
  name: "aggregation-log",
  summary:
    "The 1D log gas W = |x|²/2 − ln|x|: particles settle on the scaled Hermite zeros, filling the semicircle √(2−x²)/π",
  source: "seed 001, aggregation example 2",
  params: z
    .object({
      n: z.number().int().min(3).max(5000).default(200).describe("number of particles N"),
      init_std: z.number().positive().max(10).default(0.5).describe("std of the initial N(0, s²)"),
      start: z
        .enum(particleStarts)
        .default("sample")
        .describe("the N particles: samples, quantiles, or samples with the exact moments"),
    })
    .strict(),
  // In z = √N·x the flow is ż = −∇H(z), H = Σz²/2 − Σ_{i<j} ln|z_i − z_j|, whose Hessian at
  // the steady state has eigenvalues 1, 2, …, N: explicit Euler needs dt < 2/N. A start more
  // packed than the semicircle is stiffer: N particles at density ρ have a top eigenvalue of
  // about (1/N)Σ_k 2(Nρ/k)² = (π²/3)Nρ², i.e. πN/(6s²) at the peak of N(0, s²) (2.1N at the
  // default s = 0.5, which made dt = 1/N unstable from N ≈ 1000). dt = 1/λ_max damps every mode
  // monotonically. Relaxation runs at rate 1, so until = 10 is ~e^{−10}.
  time: (p) => ({
    dt: Math.min(0.002, 1 / (p.n * Math.max(1, Math.PI / (6 * p.init_std ** 2)))),
    until: 10,
    save_every: 0.5,
  }),
  decides: ["n", "start"],
  scheme: { name: "interaction-ode" },
  build(p, { key }) {
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
      // The N-particle system is the problem (its steady state depends on N): its particles.
      initial: initialParticles(
        { energy: interaction("log"), initial: gaussian({ mean: [0], cov: [[p.init_std ** 2]] }) },
        p.n,
        key,
        p.start,
      ).measure,
      metrics: {
        "max-distance:hermite-steady": (m) => {
          const x = coordinates1d(m);
          const mean = x.reduce((s, v) => s + v, 0) / x.length;
          return x.reduce((s, v, i) => Math.max(s, Math.abs(v - mean - steady[i])), 0);
        },
        "ks:semicircle": (m) => ksDistance(coordinates1d(m), semicircle),
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
