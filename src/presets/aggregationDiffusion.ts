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
import { kde } from "../measures/convert.js";
import type { History } from "../flow/types.js";
import { memoize } from "../core/memo.js";
import { definePreset } from "./types.js";

/**
 * Pulses = connected components (4-neighbourhood) of the cells at or above half the maximum.
 * Components, unlike strict local maxima, do not vanish when a symmetric pulse straddles a
 * cell corner and its top cells tie.
 */
export function countPulses(m: Measure): number {
  const g = m as Grid;
  const [ny, nx] = g.shape;
  const d = g.density;
  let max = 0;
  for (const v of d) max = Math.max(max, v);
  if (!(max > 0)) return 0;
  const seen = new Uint8Array(d.length);
  const stack: number[] = [];
  let count = 0;
  for (let start = 0; start < d.length; start++) {
    if (seen[start] || d[start] < 0.5 * max) continue;
    count++;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const k = stack.pop() as number;
      const i = Math.floor(k / nx);
      const j = k - i * nx;
      for (const [a, b] of [
        [i - 1, j],
        [i + 1, j],
        [i, j - 1],
        [i, j + 1],
      ]) {
        const q = a * nx + b;
        if (a < 0 || a >= ny || b < 0 || b >= nx || seen[q] || d[q] < 0.5 * max) continue;
        seen[q] = 1;
        stack.push(q);
      }
    }
  }
  return count;
}

/**
 * Local maxima = connected regions (8-neighbourhood) of cells that are at least every
 * neighbour and above 1 % of the maximum: a plateau of tied top cells counts once, so a
 * symmetric pulse on a cell corner is one maximum, and the flat start is one.
 */
export function countMaxima(m: Measure): number {
  const g = m as Grid;
  const [ny, nx] = g.shape;
  const d = g.density;
  let max = 0;
  for (const v of d) max = Math.max(max, v);
  if (!(max > 0)) return 0;
  const around = [-1, 0, 1]
    .flatMap((a) => [-1, 0, 1].map((b) => [a, b]))
    .filter(([a, b]) => a || b);
  const top = new Uint8Array(d.length);
  for (let i = 0; i < ny; i++)
    for (let j = 0; j < nx; j++) {
      const v = d[i * nx + j];
      if (v < 0.01 * max) continue;
      top[i * nx + j] = around.every(([a, b]) => {
        const [y, x] = [i + a, j + b];
        return y < 0 || y >= ny || x < 0 || x >= nx || d[y * nx + x] <= v;
      })
        ? 1
        : 0;
    }
  // A plateau cell beside a higher cell is no maximum: drop plateaus that touch one.
  let count = 0;
  const seen = new Uint8Array(d.length);
  for (let start = 0; start < d.length; start++) {
    if (!top[start] || seen[start]) continue;
    const region = [start];
    seen[start] = 1;
    let peak = true;
    for (let r = 0; r < region.length; r++) {
      const k = region[r];
      const [i, j] = [Math.floor(k / nx), k % nx];
      for (const [a, b] of around) {
        const [y, x] = [i + a, j + b];
        if (y < 0 || y >= ny || x < 0 || x >= nx) continue;
        const q = y * nx + x;
        if (d[q] > d[k]) peak = false;
        if (d[q] === d[k] && !seen[q]) {
          seen[q] = 1;
          if (!top[q]) peak = false;
          region.push(q);
        }
      }
    }
    if (peak) count++;
  }
  return count;
}

/** The density at the origin (bilinear between cell centres) over the maximum density. */
export function centreFraction(m: Measure): number {
  const g = m as Grid;
  const [ny, nx] = g.shape;
  const fy = (-g.lower[0] / (g.upper[0] - g.lower[0])) * ny - 0.5;
  const fx = (-g.lower[1] / (g.upper[1] - g.lower[1])) * nx - 0.5;
  const i = Math.min(ny - 2, Math.max(0, Math.floor(fy)));
  const j = Math.min(nx - 2, Math.max(0, Math.floor(fx)));
  const wy = fy - i;
  const wx = fx - j;
  const d = g.density;
  const at =
    (1 - wy) * ((1 - wx) * d[i * nx + j] + wx * d[i * nx + j + 1]) +
    wy * ((1 - wx) * d[(i + 1) * nx + j] + wx * d[(i + 1) * nx + j + 1]);
  let max = 0;
  for (const v of d) max = Math.max(max, v);
  return max > 0 ? at / max : 0;
}

/** First time after index `from` at which `series` crosses `level` upwards (or downwards), interpolated linearly. */
function crossing(
  t: readonly number[],
  series: readonly number[],
  level: number,
  from: number,
  upwards: boolean,
): number | null {
  for (let k = Math.max(1, from + 1); k < t.length; k++) {
    const [a, b] = [series[k - 1] - level, series[k] - level];
    if (upwards ? a < 0 && b >= 0 : a > 0 && b <= 0)
      return t[k - 1] + ((t[k] - t[k - 1]) * a) / (a - b);
  }
  return null;
}

/**
 * The stages, as times in summary.json: four pulses = first snapshot with four components;
 * merged = the density at the centre, empty while the pulses sit at the corners, first
 * reaches half the maximum; steady = the L1 distance to the radial steady state first falls
 * below 0.05 (ten times the distance the settled grid solution keeps). The last two are
 * interpolated between snapshots, so they do not jump with the snapshot spacing.
 */
export function aggregationEvents(h: History): Record<string, number | null> {
  const maximaAt = h.t.findIndex((_, k) => h.metrics.maxima?.[k] === 4);
  const four_maxima = maximaAt < 0 ? null : h.t[maximaAt];
  const fourAt = h.t.findIndex((_, k) => h.metrics.pulses[k] === 4);
  if (fourAt < 0) return { four_maxima, four_pulses: null, merged: null, steady: null };
  const merged = crossing(h.t, h.metrics["centre-fraction"], 0.5, fourAt, true);
  const steady = crossing(h.t, h.metrics["l1:radial-steady"], 0.05, fourAt, false);
  return { four_maxima, four_pulses: h.t[fourAt], merged, steady };
}

export const aggregationEventDefinitions = {
  four_maxima:
    "first snapshot with four local maxima of the density (plateaus of tied cells count once; cells below 1 % of the maximum ignored)",
  four_pulses:
    "first snapshot with four connected regions at or above half the maximum density (the pulses are separate and tall)",
  merged:
    "after four_pulses, when the density at the centre first reaches half the maximum (interpolated between snapshots)",
  steady:
    "after four_pulses, when the L1 distance to the radial steady state first falls below 0.05 (interpolated)",
};

/** The radial steady pulse, the same for every run of one (κ, m, mass). */
const steadyPulse = memoize((kappa: number, m: number, mass: number) =>
  radialSteadyState({ kappa, m, mass }),
);

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
      bandwidth: z
        .number()
        .positive()
        .max(2)
        .default(0.2)
        .describe("KDE width that reads particle schemes onto the cells"),
    })
    .strict(),
  time: { dt: 2, until: 200, save_every: 2 },
  scheme: { name: "finite-volume-2d" },
  tuned: {
    // Seed 001 §4.4 by its own method: forward–backward neural JKO steps of a = 0.5.
    "neural-jko": {
      time: { dt: 0.5 },
      scheme: { n: 4000, outer: 100, batch: 500, width: 32, mapDepth: 2, dualDepth: 2, lr: 0.002 },
    },
  },
  aliases: [{ name: "aggregation-diffusion-neural", scheme: "neural-jko" }],
  build(p) {
    const half = 4.5;
    // Exact cell averages of the square's indicator: sampling it at cell centres would move
    // the edge by up to h/2 whenever ±3 falls inside a cell, and the merge time is sensitive
    // to the initial width (it made the resolution study non-monotone).
    const h = (2 * half) / p.n;
    const overlap = (c: number) =>
      Math.max(0, Math.min(c + h / 2, 3) - Math.max(c - h / 2, -3)) / h;
    const square = grid({
      lower: [-half, -half],
      upper: [half, half],
      shape: [p.n, p.n],
      density: (x) => overlap(x[0]) * overlap(x[1]),
    });
    const held = square.density.reduce((s, v) => s + v, 0) * cellVolume(square);
    const initial: Grid = { ...square, density: square.density.map((v) => (v * p.mass) / held) };
    const radialL1 = (m: Measure): number => {
      const steady = steadyPulse(p.diffusion, p.m, p.mass);
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
    const cells = { lower: square.lower, upper: square.upper, shape: square.shape };
    return {
      energy: sum(interaction("gaussian-attraction"), scale(porousMedium(p.m), p.diffusion)),
      initial,
      readout: (m: Measure) =>
        m.kind === "particles" ? kde(m, cells, [p.bandwidth, p.bandwidth]) : m,
      metrics: {
        pulses: countPulses,
        maxima: countMaxima,
        "centre-fraction": centreFraction,
        "max-density": (m) => Math.max(...(m as Grid).density),
        "l1:radial-steady": radialL1,
      },
      events: aggregationEvents,
      eventDefinitions: aggregationEventDefinitions,
      problem: {
        pde: "∂tρ = ∇·(ρ∇W∗ρ) + κΔρ^m, W(x) = −e^{−|x|²}/π",
        initial: "uniform on [−3, 3]²",
        box: [-half, half],
      },
      view: {},
    };
  },
});
