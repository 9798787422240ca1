/**
 * Finite volumes for ∂tρ = ∇·(ρ ∇ξ), ξ = U'(ρ) + V + W∗ρ, on a 2D box with no-flux
 * walls: the scheme of Carrillo, Chertock & Huang (2015). Face velocities u = −Δξ/h,
 * upwind fluxes u⁺ρ_left + u⁻ρ_right of minmod-reconstructed face values (second
 * order; plain cell averages with `order: 1`), so mass is conserved to rounding and the
 * semi-discrete energy decreases; W∗ρ by zero-padded FFT. Time: SSP-RK3 with an
 * adaptive step dt ≤ c·min(h/(4 max|u|), h²/(4 max D)), D = ρU''(ρ): the first bound
 * keeps every stage non-negative (each cell loses at most its mass through its four
 * faces) and is checked at every stage; the second is the parabolic stability bound,
 * which binds near steady states where u → 0 (without it the collapsed pulse of the
 * aggregation–diffusion run oscillated and F rose). One flow() step of length dt is
 * made of as many such sub-steps as the bounds ask for.
 */
import { z } from "zod";
import { ConfigError, NumericalError } from "../core/errors.js";
import { internalDiffusivity } from "../energies/internal.js";
import { energyParts } from "../energies/parts.js";
import type { Grid } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import {
  cellSize,
  gridBoxParams,
  gridEnergy,
  gridSupports,
  initialGrid,
  internalDerivative,
} from "./gridEnergy.js";
import type { Problem, Scheme, SchemeState } from "./types.js";

export interface FiniteVolumeState extends SchemeState {
  readonly measure: Grid;
  /** CFL sub-steps taken by the last step. */
  readonly substeps: number;
}

const params = z
  .object({
    cfl: z
      .number()
      .gt(0)
      .max(1)
      .default(0.5)
      .describe("fraction of the positivity bound h/(4 max|u|) per sub-step"),
    maxSubsteps: z
      .number()
      .int()
      .min(1)
      .default(1_000_000)
      .describe("sub-step budget per step: past it the run ends with advice instead of hanging"),
    order: z
      .union([z.literal(1), z.literal(2)])
      .default(2)
      .describe("1: cell averages at faces (upwind); 2: minmod-limited reconstruction"),
    ...gridBoxParams,
  })
  .strict();
export type FiniteVolumeOptions = z.input<typeof params>;

interface Operator {
  rhs(rho: Float64Array, out: Float64Array): number;
  energy(rho: Float64Array): number;
}

const minmod = (a: number, b: number): number =>
  a * b <= 0 ? 0 : a > 0 ? Math.min(a, b) : Math.max(a, b);

function operator(
  problem: Problem,
  g: Pick<Grid, "lower" | "upper" | "shape">,
  secondOrder: boolean,
): Operator {
  const [ny, nx] = g.shape;
  const size = ny * nx;
  const terms = gridEnergy(problem, g);
  const { hy, hx, potential, internals, convolve } = terms;
  const conv = new Float64Array(size);
  const xi = new Float64Array(size);
  const slopeX = new Float64Array(size); // stay zero at first order
  const slopeY = new Float64Array(size);
  return {
    rhs(rho, out) {
      if (convolve) convolve(rho, conv);
      let maxDiffusion = 0;
      for (let k = 0; k < size; k++) {
        let v = potential[k] + (convolve ? conv[k] : 0);
        for (const t of internals) v += t.scale * internalDerivative(t, rho[k]);
        const diffusion = internalDiffusivity(internals, rho[k]);
        xi[k] = v;
        maxDiffusion = Math.max(maxDiffusion, diffusion);
      }
      out.fill(0);
      // Face values: the cell average (first order) or a minmod-limited linear reconstruction
      // (second order); minmod keeps face values in [0, 1.5ρ] with east + west = 2ρ, so the
      // positivity bound dt ≤ h/(4 max|u|) is the same for both.
      if (secondOrder) {
        for (let i = 0; i < ny; i++)
          for (let j = 0; j < nx; j++) {
            const k = i * nx + j;
            slopeX[k] = j > 0 && j + 1 < nx ? minmod(rho[k] - rho[k - 1], rho[k + 1] - rho[k]) : 0;
            slopeY[k] =
              i > 0 && i + 1 < ny ? minmod(rho[k] - rho[k - nx], rho[k + nx] - rho[k]) : 0;
          }
      }
      let maxU = 0;
      for (let i = 0; i < ny; i++)
        for (let j = 0; j < nx; j++) {
          const k = i * nx + j;
          if (j + 1 < nx) {
            const u = -(xi[k + 1] - xi[k]) / hx;
            const f =
              u > 0 ? u * (rho[k] + 0.5 * slopeX[k]) : u * (rho[k + 1] - 0.5 * slopeX[k + 1]);
            out[k] -= f / hx;
            out[k + 1] += f / hx;
            maxU = Math.max(maxU, Math.abs(u) / hx);
          }
          if (i + 1 < ny) {
            const u = -(xi[k + nx] - xi[k]) / hy;
            const f =
              u > 0 ? u * (rho[k] + 0.5 * slopeY[k]) : u * (rho[k + nx] - 0.5 * slopeY[k + nx]);
            out[k] -= f / hy;
            out[k + nx] += f / hy;
            maxU = Math.max(maxU, Math.abs(u) / hy);
          }
        }
      // max |u|/h over faces (positivity: dt ≤ 1/(4·rate)) and D/h² (the parabolic bound
      // dt ≤ h²/(4D), which near a steady state, where u → 0, is the one that binds).
      const h2 = Math.min(hx, hy) ** 2;
      return Math.max(maxU, maxDiffusion / h2);
    },
    energy: terms.energy,
  };
}

function makeFiniteVolume2d(options: z.infer<typeof params>): Scheme<FiniteVolumeState> {
  const { cfl, maxSubsteps, order } = options;
  const cache = new WeakMap<Problem, Operator>();
  const op = (problem: Problem, g: Grid): Operator => {
    let o = cache.get(problem);
    if (!o) cache.set(problem, (o = operator(problem, g, order === 2)));
    return o;
  };
  return {
    name: "finite-volume-2d",
    stochastic: false,
    supports: gridSupports,
    init(problem) {
      const g = initialGrid(problem.initial, options.box);
      const mass = g.density.reduce((sum, v) => sum + v, 0);
      if (!(mass > 0) || !Number.isFinite(mass))
        throw new ConfigError(
          "the initial density has no mass on the grid",
          "widen the box or check the initial measure",
        );
      // The named kernels vary on the unit length scale: resolve it with at least 4 cells.
      const h = cellSize(g);
      if (energyParts(problem.energy).interactions.length && h > 0.25)
        throw new ConfigError(
          `the grid is too coarse for the interaction kernel: cell size ${h.toPrecision(3)} > 0.25 (the kernels vary on length 1)`,
          `use at least ${Math.ceil(4 * (g.upper[0] - g.lower[0]))} cells per axis`,
        );
      return { step: 0, t: 0, measure: g, substeps: 0 };
    },
    step(state, { problem, dt: h }) {
      const g = state.measure;
      const o = op(problem, g);
      const size = g.density.length;
      const rho = Float64Array.from(g.density);
      const k1 = new Float64Array(size);
      const s1 = new Float64Array(size);
      const s2 = new Float64Array(size);
      let done = 0;
      let substeps = 0;
      const k0 = new Float64Array(size);
      let rate = o.rhs(rho, k0);
      while (done < h * (1 - 1e-12)) {
        const sub = Math.min(h - done, rate > 0 ? cfl / (4 * rate) : h - done);
        if (++substeps > maxSubsteps || !(sub > 0))
          throw new NumericalError(
            `finite-volume-2d needed more than ${maxSubsteps} CFL sub-steps in one step (max |u|/h = ${rate.toExponential(2)})`,
            "use a coarser grid or a smaller dt per step, or check for vacuum under the entropy",
          );
        for (let k = 0; k < size; k++) s1[k] = rho[k] + sub * k0[k];
        const rate2 = o.rhs(s1, k1);
        for (let k = 0; k < size; k++) s2[k] = 0.75 * rho[k] + 0.25 * (s1[k] + sub * k1[k]);
        const rate3 = o.rhs(s2, k1);
        // The positivity bound must hold at every stage, not only the first: else retry smaller.
        const worst = Math.max(rate2, rate3);
        if (worst * 4 * sub > 1) {
          rate = worst;
          continue;
        }
        for (let k = 0; k < size; k++)
          rho[k] = Math.max(0, rho[k] / 3 + (2 / 3) * (s2[k] + sub * k1[k]));
        done += sub;
        rate = o.rhs(rho, k0);
      }
      const measure: Grid = { ...g, density: rho };
      return { step: state.step + 1, t: state.t + h, measure, substeps };
    },
    energy: (state, problem) => op(problem, state.measure).energy(state.measure.density),
    divergenceAdvice: () =>
      "the finite-volume step failed; refine the grid or check the energy's terms",
  };
}

export const finiteVolume2dEntry = defineScheme({
  name: "finite-volume-2d",
  summary:
    "Positivity-preserving finite volumes on a 2D box (Carrillo–Chertock–Huang), SSP-RK3 with CFL sub-steps",
  family: "grid",
  params,
  supports: gridSupports,
  make: makeFiniteVolume2d,
});

export const finiteVolume2d = (o: FiniteVolumeOptions = {}) => finiteVolume2dEntry.create(o);
