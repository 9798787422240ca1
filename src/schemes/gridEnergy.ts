/**
 * The terms of F sampled on a 2D grid, shared by the grid schemes: V at the cell centres,
 * W∗ρ by zero-padded FFT, the internal terms, and the discrete energy
 * F_h(ρ) = h²Σ (ρV + ½ρ(W∗ρ) + U(ρ)) that those schemes decrease.
 */
import { gridConvolver } from "../core/fft.js";
import type { InteractionTerm, InternalTerm, PotentialTerm } from "../energies/types.js";
import { ConfigError } from "../core/errors.js";
import { cellCentre, grid } from "../measures/construct.js";
import { gaussianPdf } from "../measures/density.js";
import type { Grid, Measure } from "../measures/types.js";
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
  const potentials = problem.energy.terms.filter((t): t is PotentialTerm => t.type === "potential");
  for (let i = 0; i < ny; i++)
    for (let j = 0; j < nx; j++) {
      pt[0] = cellCentre(g, 0, i);
      pt[1] = cellCentre(g, 1, j);
      for (const t of potentials) potential[i * nx + j] += t.scale * t.value(pt);
    }
  const interactions = problem.energy.terms.filter(
    (t): t is InteractionTerm => t.type === "interaction",
  );
  const internals = problem.energy.terms.filter((t): t is InternalTerm => t.type === "internal");
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

/** The scheme's grid: the initial grid itself, or a 2D Gaussian sampled on `box`. */
export function initialGrid(m: Measure, box: GridBox | undefined, scheme: string): Grid {
  if (m.kind === "grid") {
    if (m.d !== 2)
      throw new ConfigError(`${scheme} needs a 2D grid, got ${m.d}D`, "use jko-quantile-1d in 1D");
    return m;
  }
  if (!box)
    throw new ConfigError(
      `${scheme} needs a box (lower, upper, shape) for a non-grid initial measure`,
    );
  if (m.kind !== "gaussian" || m.d !== 2)
    throw new ConfigError(
      `${scheme} starts from a 2D grid or Gaussian, got ${m.kind}`,
      "convert it with measure.histogram or measure.kde",
    );
  const pdf = gaussianPdf(m);
  return grid({
    ...box,
    density: pdf,
  });
}

/** The larger cell side of a 2D grid. */
export function cellSize(g: Pick<Grid, "lower" | "upper" | "shape">): number {
  return Math.max((g.upper[0] - g.lower[0]) / g.shape[0], (g.upper[1] - g.lower[1]) / g.shape[1]);
}

/** Why a 2D grid scheme cannot run a problem (potential of another dimension, singular kernel). */
export function unsupportedOnGrid(problem: Problem): string | undefined {
  for (const t of problem.energy.terms) {
    if (t.type === "potential" && t.dim !== undefined && t.dim !== 2)
      return `potential "${t.name}" is ${t.dim}-dimensional`;
    if (t.type === "interaction" && t.kernel.singularAtZero)
      return `the singular kernel "${t.name}" needs a particle scheme`;
  }
  return undefined;
}
