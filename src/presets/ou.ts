/**
 * Seed 001 §4.2: the Ornstein–Uhlenbeck flow of KL(ρ ‖ N(b, A⁻¹)) from N(0, I) in
 * dimension `dim`, A = I + GGᵀ/d and b, G standard normal from the run's key.
 * The law at every t is a known Gaussian, so the error is measured exactly.
 */
import { z } from "zod";
import { type Matrix, matrix, matmul, transpose, identity, axpby, toRows } from "../core/matrix.js";
import { kl } from "../energies/internal.js";
import { quadratic } from "../energies/potential.js";
import { gaussian } from "../measures/construct.js";
import { momentsOf, symKlGaussian, w2SquaredGaussian } from "../ot/gaussian.js";
import { type TimeScheme, ouIterates, ouLaw } from "../diagnostics/ou.js";
import type { Measure } from "../measures/types.js";
import { type Key, split } from "../random/key.js";
import { normal } from "../random/sample.js";
import { definePreset } from "./types.js";

/** A = I + GGᵀ/d and b with G, b standard normal — the peers' convention (vwgf_step.py). */
export function ouTarget(dim: number, k: Key): { A: Matrix; b: Float64Array } {
  const [kG, kb] = split(k, 2);
  const g = matrix(dim, dim, normal(kG, dim * dim));
  const A = axpby(identity(dim), 1, matmul(g, transpose(g)), 1 / dim);
  return { A, b: normal(kb, dim) };
}

export const ouPreset = definePreset({
  name: "ou",
  summary:
    "Ornstein–Uhlenbeck flow to N(b, A⁻¹) from N(0, I) in any dimension, against its exact Gaussian law (seed 001 §4.2)",
  source: "seed 001 §4.2",
  params: z
    .object({ dim: z.number().int().min(1).max(64).default(2).describe("dimension d") })
    .strict(),
  // The seed reports t = 0.5 and 0.9, with snapshots at its JKO step a = 0.05.
  time: { dt: 0.005, until: 0.9, save_every: 0.05 },
  scheme: { name: "langevin", params: { n: 5000 } },
  tuned: {
    "neural-jko": { time: { dt: 0.05 }, scheme: { n: 5000 } },
    mala: { scheme: { n: 5000 } },
  },
  build(p, { key: k, time, scheme, schemeParams }) {
    const { A, b } = ouTarget(p.dim, k);
    const initial = gaussian({ mean: new Float64Array(p.dim), cov: identity(p.dim) });
    const exact = (t: number) => ouLaw(A, b, initial, t);
    // The exact iterates of step a of the scheme's time discretisation (JKO, midpoint or BDF2:
    // what a perfect step of that kind would produce): the floor below which only the time
    // discretisation separates the flow from the law.
    const a = time.dt;
    const iterate = ouIterates(A, b, a, initial, (schemeParams.time as TimeScheme) ?? "jko");
    const jkoAt = (t: number) => iterate(Math.round(t / a));
    return {
      energy: kl(quadratic({ A, b })),
      initial,
      evaluate: { internalEstimator: "gaussian" },
      metrics: {
        "symkl:gaussian": (m, t) => symKlGaussian(momentsOf(m), exact(t)),
        "w2:gaussian": (m, t) => Math.sqrt(w2SquaredGaussian(momentsOf(m), exact(t))),
        ...(scheme.variational
          ? {
              "symkl:jko-exact": (m: Measure, t: number) => symKlGaussian(momentsOf(m), jkoAt(t)),
              "symkl:jko-vs-law": (_: Measure, t: number) => symKlGaussian(jkoAt(t), exact(t)),
            }
          : {}),
      },
      problem: { A: toRows(A), b: Array.from(b), target: "N(b, A⁻¹)", initial: "N(0, I)" },
      view: {},
    };
  },
});
