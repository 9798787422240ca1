/**
 * Seed 004, "interaction kernels": one particle ODE ẋ_i = −∇V(x_i) − (s/N)Σ_j ∇W(x_i − x_j)
 * in 2D that attracts, repels, or balances repulsion against a confinement:
 *  - attraction: W = −e^{−|x|²}/π, no confinement: the cloud clumps; its centre stays put;
 *  - repulsion:  W = −ln|x| (Coulomb), no confinement: the cloud spreads and the mean of |x|²
 *                grows exactly like s(N−1)/N · t;
 *  - balanced:   Coulomb repulsion with V = |x|²/2: the mean of |x|² relaxes to s(N−1)/(2N),
 *                the uniform disc of radius √s as N grows;
 *  - gaussian-repulsion / gaussian-collapse: W = ±e^{−|x|²/(2σ²)}, the seed's figure: the
 *                positive kernel repels at short range, its negative collapses the cloud;
 *  - gaussian-balanced: the repulsive Gaussian plus the long-range attraction W = |x|²/2,
 *                which settles on a steady pattern.
 */
import { z } from "zod";
import { scale, sum } from "../energies/combine.js";
import { gaussianKernel, interaction } from "../energies/interaction.js";
import { potential } from "../energies/potential.js";
import { gaussian } from "../measures/construct.js";
import { sample } from "../measures/convert.js";
import type { Measure, Particles } from "../measures/types.js";
import { definePreset } from "./types.js";

export const interactionModes = [
  "attraction",
  "repulsion",
  "balanced",
  "gaussian-repulsion",
  "gaussian-collapse",
  "gaussian-balanced",
] as const;
export type InteractionMode = (typeof interactionModes)[number];

/** The mean of |x|² over the particles. */
export function meanSquaredNorm(m: Measure): number {
  const p = m as Particles;
  let s = 0;
  for (let k = 0; k < p.x.length; k++) s += p.x[k] * p.x[k];
  return s / p.n;
}

/** |centre of mass|. */
function centreDrift(m: Measure): number {
  const p = m as Particles;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < p.n; i++) {
    cx += p.x[2 * i] / p.n;
    cy += p.x[2 * i + 1] / p.n;
  }
  return Math.hypot(cx, cy);
}

const confinement = potential({
  name: "confinement |x|²/2",
  dim: 2,
  value: (x) => 0.5 * (x[0] * x[0] + x[1] * x[1]),
  grad: (x, out) => {
    out[0] = x[0];
    out[1] = x[1];
  },
});

export function interactionEnergy(mode: InteractionMode, strength: number, width = 0.5) {
  if (mode === "attraction") return scale(interaction("gaussian-attraction"), strength);
  if (mode.startsWith("gaussian-")) {
    const k = scale(
      interaction(gaussianKernel(width, mode === "gaussian-collapse" ? -1 : 1)),
      strength,
    );
    return mode === "gaussian-balanced" ? sum(k, interaction("quadratic")) : k;
  }
  const repulsion = scale(interaction("coulomb"), strength);
  return mode === "repulsion" ? repulsion : sum(confinement, repulsion);
}

const INTERACTION_TEXT: Record<InteractionMode, (sigma: number) => string> = {
  attraction: () => "W = −s·e^{−|x|²}/π",
  repulsion: () => "W = −s·ln|x| (2D Coulomb repulsion)",
  balanced: () => "W = −s·ln|x| (2D Coulomb repulsion)",
  "gaussian-repulsion": (g) => `W = s·e^{−|x|²/(2·${g}²)} (short-range repulsion)`,
  "gaussian-collapse": (g) => `W = −s·e^{−|x|²/(2·${g}²)} (attraction, collapse)`,
  "gaussian-balanced": (g) =>
    `W = s·e^{−|x|²/(2·${g}²)} + |x|²/2 (repulsion, long-range attraction)`,
};

export const interactionKernelsPreset = definePreset({
  name: "interaction-kernels",
  summary:
    "2D particles under attraction, repulsion (Coulomb or Gaussian), collapse, or repulsion balanced by a long-range attraction (seed 004, interaction kernels)",
  source: "seed 004, interaction kernels",
  params: z
    .object({
      mode: z.enum(interactionModes).default("balanced").describe("the kernel and confinement"),
      strength: z.number().min(0).max(20).default(1).describe("interaction strength s"),
      width: z
        .number()
        .positive()
        .max(10)
        .default(0.5)
        .describe("σ of the Gaussian kernels e^{−|x|²/(2σ²)}"),
      n: z.number().int().min(3).max(20_000).default(300).describe("number of particles N"),
      init_std: z.number().positive().max(10).default(1).describe("std of the initial N(0, s²I)"),
    })
    .strict(),
  time: { dt: 0.01, until: 5, save_every: 0.1 },
  decides: ["n", "start"],
  scheme: { name: "interaction-ode" },
  build(p, { key }) {
    return {
      energy: interactionEnergy(p.mode, p.strength, p.width),
      // N is part of the problem (the exact laws have (N − 1)/N in them): its particles.
      initial: sample(
        gaussian({
          mean: [0, 0],
          cov: [
            [p.init_std ** 2, 0],
            [0, p.init_std ** 2],
          ],
        }),
        p.n,
        key,
      ),
      metrics: { "mean-|x|²": meanSquaredNorm, "centre-drift": centreDrift },
      problem: {
        interaction: INTERACTION_TEXT[p.mode](p.width),
        confinement: p.mode === "balanced" ? "V = |x|²/2" : "none",
        steady_mean_sq_norm: p.mode === "balanced" ? (p.strength * (p.n - 1)) / (2 * p.n) : null,
      },
      view: {},
    };
  },
});
