/**
 * Seed 001 §4.4: ∂tρ = ∇·(ρ∇W∗ρ) + 0.1Δρ³, W(x) = −e^{−|x|²}/π, from the uniform density on
 * [−3, 3]² (mass 1), on a grid by finite volumes. The square first splits into four pulses at
 * its corners, which later merge into one; the times of both events, and of reaching the steady
 * state, go into summary.json. The steady pulse is checked against an independent radial
 * fixed-point computation (diagnostics/radialSteady.ts).
 */
import { z } from "zod";
import { radialSteadyState } from "../diagnostics/radialSteady.js";
import { scale, sum } from "../energies/combine.js";
import { interaction } from "../energies/interaction.js";
import { porousMedium } from "../energies/internal.js";
import { cellCentre, cellVolume, grid } from "../measures/construct.js";
import type { Grid, Measure } from "../measures/types.js";
import { finiteVolume2d } from "../schemes/finiteVolume2d.js";
import type { History } from "../flow/types.js";
import { definePreset } from "./types.js";

/** Local maxima above 10 % of the global maximum (8-neighbourhood); a flat density has none. */
export function countPulses(m: Measure): number {
  const g = m as Grid;
  const [ny, nx] = g.shape;
  const d = g.density;
  let max = 0;
  let min = Infinity;
  for (const v of d) {
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  let count = 0;
  for (let i = 1; i < ny - 1; i++)
    for (let j = 1; j < nx - 1; j++) {
      const v = d[i * nx + j];
      if (v < 0.1 * max) continue;
      let peak = true;
      for (let a = -1; a <= 1 && peak; a++)
        for (let b = -1; b <= 1; b++) if ((a || b) && d[(i + a) * nx + j + b] >= v) peak = false;
      if (peak) count++;
    }
  return count;
}

/** First time with four pulses, first later time with one, first time the peak stops moving (< 1e-4 per unit time). */
export function aggregationEvents(h: History): Record<string, number | null> {
  const pulses = h.metrics.pulses;
  const peak = h.metrics["max-density"];
  const fourAt = h.t.findIndex((_, k) => pulses[k] === 4);
  const mergeAt = fourAt < 0 ? -1 : h.t.findIndex((_, k) => k > fourAt && pulses[k] === 1);
  let steadyAt = -1;
  for (let k = Math.max(1, mergeAt + 1); mergeAt >= 0 && k < h.t.length; k++)
    if (Math.abs(peak[k] - peak[k - 1]) / (peak[k] * (h.t[k] - h.t[k - 1])) < 1e-4) {
      steadyAt = k;
      break;
    }
  const at = (k: number) => (k >= 0 ? h.t[k] : null);
  return { four_pulses: at(fourAt), merged: at(mergeAt), steady: at(steadyAt) };
}

export const aggregationDiffusionPreset = definePreset({
  name: "aggregation-diffusion",
  summary:
    "Gaussian attraction + 0.1Δρ³ from a uniform square: four pulses, their merge, the steady pulse (seed 001 §4.4)",
  source: "seed 001 §4.4",
  params: z
    .object({
      n: z.number().int().min(36).max(512).default(64).describe("cells per axis on [−4.5, 4.5]²"),
      diffusion: z.number().positive().max(10).default(0.1).describe("κ in κΔρ^m"),
      m: z.number().gt(1).max(10).default(3).describe("exponent of the nonlinear diffusion"),
      mass: z
        .number()
        .positive()
        .max(100)
        .default(1)
        .describe("initial mass (the timeline depends on it)"),
      dt: z
        .number()
        .positive()
        .max(100)
        .default(2)
        .describe("time between steps (CFL sub-steps inside)"),
      until: z.number().positive().max(100_000).default(200).describe("final time"),
      save_every: z.number().positive().default(4).describe("time between snapshots"),
    })
    .strict(),
  build(p) {
    const half = 4.5;
    // Cell centres sample the square's indicator; rescale so that the grid holds exactly the mass.
    const square = grid({
      lower: [-half, -half],
      upper: [half, half],
      shape: [p.n, p.n],
      density: (x) => (Math.abs(x[0]) <= 3 && Math.abs(x[1]) <= 3 ? 1 : 0),
    });
    const sampled = square.density.reduce((s, v) => s + v, 0) * cellVolume(square);
    const initial: Grid = { ...square, density: square.density.map((v) => (v * p.mass) / sampled) };
    let steady: ReturnType<typeof radialSteadyState> | undefined;
    const radialL1 = (m: Measure): number => {
      steady ??= radialSteadyState({ kappa: p.diffusion, m: p.m, mass: p.mass });
      const g = m as Grid;
      const dr = steady.r[1] - steady.r[0];
      let l1 = 0;
      for (let i = 0; i < p.n; i++)
        for (let j = 0; j < p.n; j++) {
          const r = Math.hypot(cellCentre(g, 0, i), cellCentre(g, 1, j));
          const k = Math.min(steady.rho.length - 1, Math.floor(r / dr));
          l1 += Math.abs(
            g.density[i * p.n + j] - (r < steady.r[steady.r.length - 1] ? steady.rho[k] : 0),
          );
        }
      return (l1 * cellVolume(g)) / p.mass;
    };
    return {
      energy: sum(interaction("gaussian-attraction"), scale(porousMedium(p.m), p.diffusion)),
      initial,
      scheme: finiteVolume2d({ dt: p.dt }),
      until: p.until,
      saveEvery: p.save_every,
      metrics: {
        pulses: countPulses,
        "max-density": (m) => Math.max(...(m as Grid).density),
        "l1:radial-steady": radialL1,
      },
      events: aggregationEvents,
      problem: {
        pde: "∂tρ = ∇·(ρ∇W∗ρ) + κΔρ^m, W(x) = −e^{−|x|²}/π",
        initial: "uniform on [−3, 3]²",
        box: [-half, half],
      },
      view: {},
    };
  },
});
