/**
 * Seed 001 §4.4 by its own method: Gaussian attraction + κΔρ^m from the uniform square, by
 * the neural variational JKO on particles with the forward–backward splitting (explicit step
 * for the interaction, variational JKO for the porous part, uniform reference on a box). The
 * pool is read through a Gaussian KDE on the grid of `aggregation-diffusion`, so the same
 * metrics — pulses, the centre's density, L1 to the radial steady state — and events apply,
 * and the finite-volume preset is the reference.
 */
import { z } from "zod";
import { kde } from "../measures/convert.js";
import type { Measure, Particles } from "../measures/types.js";
import { neuralJko } from "../schemes/neuralJko.js";
import { aggregationDiffusionPreset } from "./aggregationDiffusion.js";
import { experimentKeys } from "./experiment.js";
import { jkoOuterParam } from "./neuralParams.js";
import { definePreset } from "./types.js";

export const aggregationDiffusionNeuralPreset = definePreset({
  name: "aggregation-diffusion-neural",
  summary:
    "Gaussian attraction + 0.1Δρ³ from a uniform square by the neural JKO (forward–backward), against the finite-volume reference (seed 001 §4.4)",
  source: "seed 001 §4.4",
  params: z
    .object({
      n: z.number().int().min(100).max(100_000).default(4000).describe("particle pool"),
      tau: z.number().positive().max(10).default(0.5).describe("JKO step a (the seed's 0.5)"),
      until: z.number().positive().max(100_000).default(200).describe("final time"),
      jko_outer: jkoOuterParam(100),
      bandwidth: z
        .number()
        .positive()
        .max(2)
        .default(0.2)
        .describe("KDE width for the grid metrics"),
      save_every: z.number().positive().default(2).describe("time between snapshots"),
    })
    .strict(),
  build(p) {
    // The grid preset's problem (κ = 0.1, m = 3, mass 1, 64² cells on [−4.5, 4.5]²).
    const grid = aggregationDiffusionPreset.build(
      aggregationDiffusionPreset.params.parse({}),
      experimentKeys(0).problem,
    );
    const g = grid.initial as {
      lower: readonly number[];
      upper: readonly number[];
      shape: readonly number[];
    };
    const onGrid = (m: Measure) =>
      kde(m as Particles, { lower: g.lower, upper: g.upper, shape: g.shape }, [
        p.bandwidth,
        p.bandwidth,
      ]);
    const metrics = Object.fromEntries(
      Object.entries(grid.metrics).map(([name, f]) => [
        name,
        (m: Measure, t: number) => f(onGrid(m), t),
      ]),
    );
    return {
      energy: grid.energy,
      initial: grid.initial,
      scheme: neuralJko({
        dt: p.tau,
        n: p.n,
        outer: p.jko_outer,
        batch: Math.min(500, p.n),
        width: 32,
        mapDepth: 2,
        dualDepth: 2,
        lr: 0.002,
      }),
      until: p.until,
      saveEvery: p.save_every,
      metrics,
      events: grid.events,
      problem: {
        ...grid.problem,
        density_readout: `Gaussian KDE, width ${p.bandwidth}, on 64² cells`,
      },
      view: {},
    };
  },
});
