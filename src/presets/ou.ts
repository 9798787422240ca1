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
import { ouJkoStep, ouLaw } from "../diagnostics/ou.js";
import type { Gaussian, Measure } from "../measures/types.js";
import { type Key, split } from "../random/key.js";
import { normal } from "../random/sample.js";
import { langevin } from "../schemes/langevin.js";
import { neuralJko } from "../schemes/neuralJko.js";
import { jkoOuterParam, mapFamilyParam } from "./neuralParams.js";
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
    .object({
      dim: z.number().int().min(1).max(64).default(2).describe("dimension d"),
      n: z.number().int().min(2).max(1_000_000).default(5000).describe("number of particles"),
      dt: z.number().positive().max(1).default(0.005).describe("Euler–Maruyama step"),
      until: z
        .number()
        .positive()
        .max(1000)
        .default(0.9)
        .describe("final time (the seed reports t = 0.5 and 0.9)"),
      save_every: z
        .number()
        .positive()
        .default(0.05)
        .describe("time between snapshots (the seed's JKO step a)"),
      scheme: z
        .enum(["langevin", "neural-jko"])
        .default("langevin")
        .describe("Langevin particles, or the neural variational JKO of seed 001"),
      jko_step: z.number().positive().max(1).default(0.05).describe("neural-jko: the JKO step a"),
      jko_outer: jkoOuterParam(500, "neural-jko: Adam iterations per step (J1)"),
      jko_lr: z.number().positive().max(1).default(0.005).describe("neural-jko: learning rate"),
      jko_batch: z.number().int().min(2).max(100_000).default(1000).describe("neural-jko: batch M"),
      jko_precision: z.enum(["f32", "f64"]).default("f32").describe("neural-jko: kernel precision"),
      jko_map: mapFamilyParam(
        "neural-jko: the affine map T — residual x + Wx + c (the paper's) or ∇ICNN (αI + BᵀB)x + c",
      ),
    })
    .strict(),
  build(p, k) {
    const { A, b } = ouTarget(p.dim, k);
    const initial = gaussian({ mean: new Float64Array(p.dim), cov: identity(p.dim) });
    const exact = (t: number) => ouLaw(A, b, initial, t);
    // The exact JKO iterates of step a (what a perfect neural JKO would produce): the floor
    // below which only the time discretisation separates the flow from the law.
    const jko = [initial as Gaussian];
    const jkoAt = (t: number) => {
      const k = Math.round(t / p.jko_step);
      while (jko.length <= k) jko.push(ouJkoStep(A, b, p.jko_step, jko[jko.length - 1]));
      return jko[k];
    };
    return {
      energy: kl(quadratic({ A, b })),
      initial,
      scheme:
        p.scheme === "neural-jko"
          ? neuralJko({
              dt: p.jko_step,
              n: p.n,
              outer: p.jko_outer,
              lr: p.jko_lr,
              batch: Math.min(p.jko_batch, p.n),
              precision: p.jko_precision,
              map: p.jko_map,
            })
          : langevin({ dt: p.dt, n: p.n }),
      until: p.until,
      saveEvery: p.save_every,
      evaluate: { internalEstimator: "gaussian" },
      metrics: {
        "symkl:gaussian": (m, t) => symKlGaussian(momentsOf(m), exact(t)),
        "w2:gaussian": (m, t) => Math.sqrt(w2SquaredGaussian(momentsOf(m), exact(t))),
        ...(p.scheme === "neural-jko"
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
