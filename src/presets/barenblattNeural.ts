/**
 * Seed 001 §4.3 by the neural variational JKO: the porous medium ∂tρ = (ρ^m)'' from a
 * unit-mass Barenblatt profile at t₀, on particles alone (porous-medium dual against a
 * uniform reference, linear residual map — the exact JKO map of the family is a dilation).
 * Checked against the exact Barenblatt profile and the exact JKO iterates (both W2, by
 * sorting the particles).
 */
import { z } from "zod";
import { barenblatt, barenblattJkoScale, barenblattScale } from "../diagnostics/barenblatt.js";
import { porousMedium } from "../energies/internal.js";
import type { Measure, Particles } from "../measures/types.js";
import { neuralJko } from "../schemes/neuralJko.js";
import { w2ParticlesToQuantile } from "./metrics.js";
import { jkoOuterParam } from "./neuralParams.js";
import { definePreset } from "./types.js";

export const barenblattNeuralPreset = definePreset({
  name: "barenblatt-neural",
  summary:
    "Porous medium from a Barenblatt profile by the neural variational JKO on particles, against the exact profile and JKO iterates (seed 001 §4.3)",
  source: "seed 001 §4.3",
  params: z
    .object({
      m: z.number().gt(1).max(10).default(2).describe("porous-medium exponent"),
      t0: z.number().positive().default(0.1).describe("initial time of the Barenblatt solution"),
      tau: z.number().positive().max(1).default(0.05).describe("JKO step"),
      steps: z.number().int().min(1).max(1000).default(10).describe("number of JKO steps"),
      n: z.number().int().min(100).max(200_000).default(2000).describe("particles"),
      jko_outer: jkoOuterParam(1000),
      jko_lr: z.number().positive().max(1).default(0.002).describe("learning rate"),
    })
    .strict(),
  build(p) {
    const b = barenblatt(p.m);
    const s0 = barenblattScale(p.m, 0, p.t0);
    const x = Float64Array.from({ length: p.n }, (_, i) => s0 * b.table.quantile((i + 0.5) / p.n));
    const initial: Particles = { kind: "particles", n: p.n, d: 1, x };
    const jkoScales = [s0];
    const jkoScale = (t: number) => {
      const k = Math.round(t / p.tau);
      while (jkoScales.length <= k)
        jkoScales.push(barenblattJkoScale(b, jkoScales[jkoScales.length - 1], p.tau, 1));
      return jkoScales[k];
    };
    const toProfile = (s: number) => (m: Measure) =>
      w2ParticlesToQuantile(m, (u) => s * b.table.quantile(u));
    return {
      energy: porousMedium(p.m),
      initial,
      scheme: neuralJko({
        dt: p.tau,
        n: p.n,
        outer: p.jko_outer,
        lr: p.jko_lr,
        batch: Math.min(500, p.n),
        width: 32,
        dualDepth: 2,
        mapDepth: 0,
      }),
      until: p.steps * p.tau,
      saveEvery: p.tau,
      metrics: {
        "w2:pde": (m, t) => toProfile(barenblattScale(p.m, t, p.t0))(m),
        "w2:jko-exact": (m, t) => toProfile(jkoScale(t))(m),
      },
      problem: {
        profile: "ρ(t,x) = s⁻¹B(x/s), s = (t + t₀)^{1/(m+1)}, unit mass",
        unit_profile_A: b.A,
      },
      view: {
        targetPdf: (y) =>
          b.profile(y / barenblattScale(p.m, p.steps * p.tau, p.t0)) /
          barenblattScale(p.m, p.steps * p.tau, p.t0),
        targetLabel: "exact, final t",
        bins: 60,
      },
    };
  },
});
