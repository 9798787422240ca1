/**
 * The terms of F sampled on a 2D grid, shared by the grid schemes: V at the cell centres,
 * W∗ρ by zero-padded FFT, the internal terms, and the discrete energy
 * F_h(ρ) = h²Σ (ρV + ½ρ(W∗ρ) + U(ρ)) that those schemes decrease.
 */
import { gridConvolver } from "../core/fft.js";
import { z } from "zod";
import { energyParts } from "../energies/parts.js";
import type { InternalTerm } from "../energies/types.js";
import { ConfigError } from "../core/errors.js";
import { cellCentre, grid } from "../measures/construct.js";
import { gaussianPdf } from "../measures/density.js";
import type { Grid, Measure } from "../measures/types.js";
import type { Supports } from "./support.js";
import type { Problem } from "./types.js";

export interface GridBox {
  lower: [number, number];
  upper: [number, number];
  shape: [number, number];
}

export interface GridEnergy {
  readonly hy: number;
  readonly hx: number;
  /** Σ scale·V at the cell centres. */
  readonly potential: Float64Array;
  readonly internals: readonly InternalTerm[];
  /** Writes W∗ρ at the cell centres into out; undefined without interaction terms. */
  readonly convolve?: (rho: Float64Array, out: Float64Array) => Float64Array;
  energy(rho: Float64Array): number;
}

/** U'(ρ) of the named internal energies (ρ floored at 1e-300 for the logarithm). */
export function internalDerivative(t: InternalTerm, r: number): number {
  return t.name === "entropy"
    ? Math.log(Math.max(r, 1e-300)) + 1
    : ((t.m as number) / ((t.m as number) - 1)) * r ** ((t.m as number) - 1);
}

export function gridEnergy(
  problem: Problem,
  g: Pick<Grid, "lower" | "upper" | "shape">,
): GridEnergy {
  const [ny, nx] = g.shape;
  const hy = (g.upper[0] - g.lower[0]) / ny;
  const hx = (g.upper[1] - g.lower[1]) / nx;
  const size = ny * nx;
  const potential = new Float64Array(size);
  const pt = new Float64Array(2);
  const { potentials, interactions, internals } = energyParts(problem.energy);
  for (let i = 0; i < ny; i++)
    for (let j = 0; j < nx; j++) {
      pt[0] = cellCentre(g, 0, i);
      pt[1] = cellCentre(g, 1, j);
      for (const t of potentials) potential[i * nx + j] += t.scale * t.value(pt);
    }
  const convolve = interactions.length
    ? gridConvolver(ny, nx, hy, hx, (dy, dx) => {
        const r2 = dy * dy + dx * dx;
        let s = 0;
        for (const t of interactions)
          s += t.kernel.singularAtZero && r2 === 0 ? 0 : t.scale * t.kernel.w(r2);
        return s;
      })
    : undefined;
  const conv = new Float64Array(size);
  return {
    hy,
    hx,
    potential,
    internals,
    convolve,
    energy(rho) {
      if (convolve) convolve(rho, conv);
      let e = 0;
      for (let k = 0; k < size; k++) {
        e += rho[k] * potential[k] + (convolve ? 0.5 * rho[k] * conv[k] : 0);
        for (const t of internals) e += t.scale * t.u(rho[k]);
      }
      return e * hy * hx;
    },
  };
}

/** The box parameter of the grid schemes, for starts that are not grids already. */
export const gridBoxParams = {
  box: z
    .object({
      lower: z.tuple([z.number(), z.number()]),
      upper: z.tuple([z.number(), z.number()]),
      shape: z.tuple([z.number().int().min(4).max(4096), z.number().int().min(4).max(4096)]),
    })
    .strict()
    .optional()
    .describe("box and cells for a Gaussian start (default: mean ± 6 sd, 64 × 64 cells)"),
};

/** The scheme's grid: the initial grid itself, or a 2D Gaussian sampled on `box`. */
export function initialGrid(m: Measure, box: GridBox | undefined): Grid {
  if (m.kind === "grid") return m;
  if (m.kind !== "gaussian")
    throw new ConfigError(
      `the grid schemes start from a 2D grid or Gaussian, got ${m.kind}`,
      "convert it with measure.histogram or measure.kde",
    );
  const sd = [Math.sqrt(m.cov.data[0]), Math.sqrt(m.cov.data[3])];
  const around: GridBox = {
    lower: [m.mean[0] - 6 * sd[0], m.mean[1] - 6 * sd[1]],
    upper: [m.mean[0] + 6 * sd[0], m.mean[1] + 6 * sd[1]],
    shape: [64, 64],
  };
  return grid({ ...(box ?? around), density: gaussianPdf(m) });
}

/** The larger cell side of a 2D grid. */
export function cellSize(g: Pick<Grid, "lower" | "upper" | "shape">): number {
  return Math.max((g.upper[0] - g.lower[0]) / g.shape[0], (g.upper[1] - g.lower[1]) / g.shape[1]);
}

/** What the 2D grid schemes take: smooth kernels only (a singular one needs particles). */
export const gridSupports: Supports = {
  terms: ["potential", "interaction", "entropy", "porous"],
  measures: ["grid", "gaussian"],
  dims: [2],
  how: { interaction: "W∗ρ by FFT" },
};
