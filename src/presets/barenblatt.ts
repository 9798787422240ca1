/**
 * Seed 001 §4.3: the porous medium equation ∂tρ = (ρ^m)'' from a Barenblatt profile at
 * t₀, by the exact 1D JKO in quantile coordinates. The seed's C = (3/16)^{1/3} gives
 * mass 2 (see docs/errata.md): the run keeps that mass by scaling the energy of the
 * probability solver by κ = M^{m−1}, or uses mass 1 with `normalize=true`.
 */
import { z } from "zod";
import { beta } from "../core/special.js";
import { barenblatt, barenblattJkoScale, barenblattScale } from "../diagnostics/barenblatt.js";
import { scale } from "../energies/combine.js";
import { porousMedium } from "../energies/internal.js";
import { grid } from "../measures/construct.js";
import { jkoQuantile1d } from "../schemes/jkoQuantile1d.js";
import { l1ToDensity, quantileSpan, w2ToQuantile } from "./quantileMetrics.js";
import { definePreset } from "./types.js";

/** Mass of the seed's profile (C − βy²)₊^{1/(m−1)}: C^{p+½} β^{−½} B(½, p + 1). */
export function seedBarenblattMass(m: number, C: number): number {
  const p = 1 / (m - 1);
  const b = (m - 1) / (2 * m * (m + 1));
  return C ** (p + 0.5) * b ** -0.5 * beta(0.5, p + 1);
}

export const barenblattPreset = definePreset({
  name: "barenblatt",
  summary:
    "Porous medium from a Barenblatt profile by exact 1D JKO, against the exact profile and the exact JKO iterates (seed 001 §4.3)",
  source: "seed 001 §4.3",
  params: z
    .object({
      m: z.number().gt(1).max(20).default(2).describe("porous-medium exponent"),
      C: z
        .number()
        .positive()
        .default((3 / 16) ** (1 / 3))
        .describe("the seed's profile constant (sets the mass)"),
      normalize: z
        .boolean()
        .default(false)
        .describe("use mass 1 instead of the mass the seed's C gives"),
      t0: z.number().positive().default(0.002).describe("initial time of the Barenblatt solution"),
      tau: z.number().positive().max(1).default(0.001).describe("JKO step"),
      steps: z.number().int().min(1).max(100_000).default(100).describe("number of JKO steps"),
      n: z.number().int().min(10).max(1_000_000).default(2000).describe("quantile cells"),
      save_every: z.number().int().min(1).default(10).describe("steps between snapshots"),
    })
    .strict(),
  build(p) {
    const mass = p.normalize ? 1 : seedBarenblattMass(p.m, p.C);
    const kappa = mass ** (p.m - 1);
    const b = barenblatt(p.m);
    const s0 = barenblattScale(p.m, 0, p.t0, kappa);
    const pdfAt = (s: number) => (x: number) => b.profile(x / s) / s;
    const cdfAt = (s: number) => (x: number) => b.table.cdf(x / s);
    const jkoScale = (t: number): number => {
      let s = s0;
      for (let k = 0; k < Math.round(t / p.tau); k++) s = barenblattJkoScale(b, s, p.tau, kappa);
      return s;
    };
    const sEnd = barenblattScale(p.m, p.steps * p.tau, p.t0, kappa);
    const initial = grid({
      lower: [-1.01 * s0 * b.radius],
      upper: [1.01 * s0 * b.radius],
      shape: [20_000],
      density: (x) => pdfAt(s0)(x[0]),
    });
    return {
      energy: scale(porousMedium(p.m), kappa),
      initial,
      scheme: jkoQuantile1d({ tau: p.tau, n: p.n }),
      until: p.steps * p.tau,
      saveEvery: p.save_every * p.tau,
      metrics: {
        "w2:pde": (m, t) =>
          w2ToQuantile(m, (s) => barenblattScale(p.m, t, p.t0, kappa) * b.table.quantile(s)),
        "w2:jko-exact": (m, t) => w2ToQuantile(m, (s) => jkoScale(t) * b.table.quantile(s)),
        "l1:pde": (m, t) => {
          const s = barenblattScale(p.m, t, p.t0, kappa);
          return l1ToDensity(m, pdfAt(s), cdfAt(s));
        },
        support: quantileSpan,
      },
      problem: {
        mass,
        kappa,
        profile: "ρ(t,x) = M s⁻¹ B(x/s), s = (M^{m−1}(t + t₀))^{1/(m+1)}",
        unit_profile_A: b.A,
      },
      view: {
        targetPdf: pdfAt(sEnd),
        targetLabel: "exact, final t",
        range: [-1.5 * sEnd * b.radius, 1.5 * sEnd * b.radius],
      },
    };
  },
});
