/**
 * Seed 002 §7, a small mean-field game: agents on a line pay a kinetic cost, are drawn
 * towards (s > 0) or pushed from (s < 0) the crowd's mean path, and end near 0; fictitious
 * play (schemes/fictitiousPlay.ts) finds the equilibrium. The oracle is exact: the
 * equilibrium mean path solves the agents' own linear system with the belief set to itself,
 * and every agent's equilibrium path is linear in its start; as Δ → 0 the mean path tends to
 *   m(t) = m₀[cosh ω(T − t) + (c/ω) sinh ω(T − t)] / [cosh ωT + (c/ω) sinh ωT],  ω = √(q(1 − s)).
 */
import { z } from "zod";
import { particles } from "../measures/construct.js";
import type { Measure, Particles } from "../measures/types.js";
import { normal } from "../random/sample.js";
import { meanFieldGame } from "../energies/problemTerms.js";
import { bestResponses, equilibriumMean } from "../schemes/fictitiousPlay.js";
import { definePreset } from "./types.js";

/** The continuous-time equilibrium mean path (q(1 − s) > 0). */
export function equilibriumMeanExact(
  t: number,
  g: { q: number; s: number; c: number; horizon: number },
  m0: number,
): number {
  const w = Math.sqrt(g.q * (1 - g.s));
  const f = (tau: number) => Math.cosh(w * tau) + (g.c / w) * Math.sinh(w * tau);
  return (m0 * f(g.horizon - t)) / f(g.horizon);
}

export const meanFieldGamePreset = definePreset({
  name: "mean-field-game",
  summary:
    "A linear–quadratic mean-field game on a line solved by fictitious play, against its exact equilibrium (seed 002 §7)",
  source: "seed 002 §7 (mean-field games)",
  params: z
    .object({
      n: z.number().int().min(2).max(100_000).default(500).describe("agents"),
      q: z.number().min(0).max(100).default(4).describe("weight of the crowd term"),
      s: z
        .number()
        .min(-5)
        .max(0.99)
        .default(0.5)
        .describe("pull to the crowd's mean (< 0: aversion)"),
      c: z.number().min(0).max(100).default(1).describe("terminal pull to 0"),
      horizon: z.number().positive().max(100).default(1).describe("time horizon T"),
      steps: z.number().int().min(2).max(10_000).default(100).describe("time steps of the paths"),
      start_mean: z.number().min(-10).max(10).default(2).describe("mean of the agents' starts"),
    })
    .strict(),
  // One step is one fictitious-play round: 200 rounds, a snapshot every 10.
  time: { dt: 1, until: 200, save_every: 10 },
  decides: ["n", "start"],
  scheme: { name: "fictitious-play" },
  build(p, { key: k }) {
    const starts = Float64Array.from(normal(k, p.n), (z) => p.start_mean + 0.5 * z);
    const game = { q: p.q, s: p.s, c: p.c, horizon: p.horizon, steps: p.steps };
    const mean = starts.reduce((a, v) => a + v, 0) / p.n;
    // The exact equilibrium of this population: its mean path and every agent's final point.
    const mStar = equilibriumMean(game, mean);
    const finalStar = bestResponses(game, starts, mStar).map((path) => path[p.steps]);
    return {
      energy: meanFieldGame(game),
      initial: particles(starts, 1),
      metrics: {
        // The final points are the agents' best responses to the current belief; against the
        // equilibrium's, position by position (the same agents).
        "l2:final-positions": (m: Measure) => {
          const x = (m as Particles).x;
          return Math.sqrt(x.reduce((a, v, i) => a + (v - finalStar[i]) ** 2, 0) / x.length);
        },
        "final-mean": (m: Measure) => (m as Particles).x.reduce((a, v) => a + v, 0) / p.n,
      },
      events: () => ({
        "equilibrium final mean": mStar[p.steps],
        "continuous-time final mean":
          p.q * (1 - p.s) > 0 ? equilibriumMeanExact(p.horizon, game, mean) : null,
      }),
      problem: {
        cost: "Σ |Δx|²/(2Δ) + Δ(q/2)(x − s·m̄)² + (c/2)x_T²",
        start: `N(${p.start_mean}, 0.25), ${p.n} agents`,
      },
      view: {},
    };
  },
});
