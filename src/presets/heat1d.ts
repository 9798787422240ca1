/**
 * Seed 004, panels 1–2: JKO minimizing movements in 1D from a compact two-bump start.
 * `heat-1d`: the entropy (heat) flow, against the exact heat solution ρ₀ ∗ N(0, 2t).
 * `porous-1d`: ∫ρ^m/(m−1) (m > 1) or the entropy (m = 1) from the same start.
 */
import { fft } from "../core/fft.js";
import { z } from "zod";
import { tabulateDensity } from "../diagnostics/density1d.js";
import { entropy, porousMedium } from "../energies/internal.js";
import { grid } from "../measures/construct.js";
import type { Grid } from "../measures/types.js";
import { quantileSpan, w2ToQuantile } from "./metrics.js";
import { definePreset } from "./types.js";

/** Two parabolic bumps centred at ±1, half-width 0.6, unit mass: the shared compact start. */
export function twoBumps(cells = 3400): Grid {
  const bump = (x: number, c: number) => Math.max(0, 1 - ((x - c) / 0.6) ** 2);
  const g = grid({
    lower: [-1.7],
    upper: [1.7],
    shape: [cells],
    density: (x) => bump(x[0], -1) + bump(x[0], 1),
  });
  const mass = g.density.reduce((s, v) => s + v, 0) * (3.4 / cells);
  return { ...g, density: g.density.map((v) => v / mass) };
}

/** The start's resolution: cells of its grid on [−1.7, 1.7]. */
const cellsParam = z
  .number()
  .int()
  .min(50)
  .max(100_000)
  .default(3400)
  .describe("cells of the start's grid on [−1.7, 1.7]");

/** The heat solution ρ₀ ∗ N(0, 2t) of a grid density, tabulated (exact up to quadrature). */
export function heatSolution(rho0: Grid, t: number) {
  const h = (rho0.upper[0] - rho0.lower[0]) / rho0.shape[0];
  const sd = Math.sqrt(2 * t);
  // ρ0 ∗ N(0, 2t) on ρ0's cells padded by 9 sd each side, by FFT (the Gaussian's cell
  // values, wrapped around; nothing wraps since the padding exceeds its reach).
  const pad = Math.ceil((9 * sd) / h);
  let size = 1;
  while (size < rho0.shape[0] + 2 * pad) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(rho0.density, pad);
  const kr = new Float64Array(size);
  const ki = new Float64Array(size);
  for (let k = -pad; k <= pad; k++)
    kr[(k + size) % size] =
      (h * Math.exp(-0.5 * ((k * h) / sd) ** 2)) / (sd * Math.sqrt(2 * Math.PI));
  fft(re, im);
  fft(kr, ki);
  for (let k = 0; k < size; k++) {
    const [a, b] = [re[k], im[k]];
    re[k] = a * kr[k] - b * ki[k];
    im[k] = a * ki[k] + b * kr[k];
  }
  fft(re, im, true);
  const lower = rho0.lower[0] - (pad - 0.5) * h;
  const last = rho0.shape[0] + 2 * pad - 1;
  return tabulateDensity(
    (x) => Math.log(Math.max(re[Math.round((x - lower) / h)], 1e-300)),
    lower,
    lower + last * h,
    last,
  );
}

export const heat1dPreset = definePreset({
  name: "heat-1d",
  summary:
    "JKO iterates of the heat flow in quantile coordinates, against the exact heat solution (seed 004, panel 1)",
  source: "seed 004, panel 1",
  params: z.object({ cells: cellsParam }).strict(),
  time: { dt: 0.05, until: 1, save_every: 0.05 },
  scheme: { name: "jko-quantile-1d", params: { n: 1000 } },
  build(p) {
    const rho0 = twoBumps(p.cells);
    return {
      energy: entropy(),
      initial: rho0,
      metrics: {
        "w2:heat-exact": (m, t) => (t === 0 ? 0 : w2ToQuantile(m, heatSolution(rho0, t).quantile)),
        support: quantileSpan,
      },
      problem: { initial: "two parabolic bumps at ±1, half-width 0.6", energy: "∫ρ log ρ" },
      view: { range: [-4, 4] },
    };
  },
});

export const porous1dPreset = definePreset({
  name: "porous-1d",
  summary:
    "Heat (m = 1) vs porous medium (m > 1) from one compact start by exact 1D JKO (seed 004, panel 2)",
  source: "seed 004, panel 2",
  params: z
    .object({
      m: z
        .number()
        .min(1)
        .max(20)
        .default(2)
        .describe("exponent: 1 is the heat flow, 2 and 6 the seed's porous media"),
      cells: cellsParam,
    })
    .strict(),
  time: { dt: 0.02, until: 1, save_every: 0.1 },
  scheme: { name: "jko-quantile-1d", params: { n: 1000 } },
  build(p) {
    return {
      energy: p.m === 1 ? entropy() : porousMedium(p.m),
      initial: twoBumps(p.cells),
      metrics: { support: quantileSpan },
      problem: {
        initial: "two parabolic bumps at ±1, half-width 0.6",
        energy: p.m === 1 ? "∫ρ log ρ" : `∫ρ^${p.m}/(${p.m}−1)`,
      },
      view: { range: [-3, 3] },
    };
  },
});
