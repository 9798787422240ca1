/**
 * The 2D densities the worker tabulates for a panel that shows a scheme's own density (the
 * neural JKO): the target e^{−V/σ} of F = ∫V dρ + σ∫ρ log ρ (its contours), the iterate ρ_k as
 * the scheme represents it — through its inverted maps,
 *   log ρ_k(y) = log ρ₀(x₀) − Σ_j log|det ∇T_j(x_{j−1})|,  x_k = y, x_{j−1} = T_j⁻¹(x_j)
 * (schemes/neuralJko.ts) — and the exact law at t where the preset knows it in closed form (OU).
 * All on one square box that holds the start and the target.
 */
import type { PreparedRun } from "../../src/config/run.js";
import { fromRows } from "../../src/core/matrix.js";
import { ouLaw } from "../../src/diagnostics/ou.js";
import { energyParts } from "../../src/energies/parts.js";
import type { Energy } from "../../src/energies/types.js";
import { gaussianLogPdf } from "../../src/measures/density.js";
import type { Gaussian, Measure } from "../../src/measures/types.js";
import type { NeuralJkoScheme, NeuralJkoState } from "../../src/schemes/neuralJko.js";
import type { Scheme, SchemeState } from "../../src/schemes/types.js";
import type { DensityTable } from "./protocol.js";

/** [x0, x1, y0, y1]. */
export type Box = [number, number, number, number];

/** The cell centres of an nx × ny grid over the box, (x, y) interleaved, row-major in y. */
export function gridPoints(box: Box, nx: number, ny: number): Float64Array {
  const [hx, hy] = [(box[1] - box[0]) / nx, (box[3] - box[2]) / ny];
  const xy = new Float64Array(2 * nx * ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      xy[2 * (j * nx + i)] = box[0] + (i + 0.5) * hx;
      xy[2 * (j * nx + i) + 1] = box[2] + (j + 0.5) * hy;
    }
  return xy;
}

const tableOf = (box: Box, n: number, values: Float64Array): DensityTable => ({
  x: [box[0], box[1]],
  y: [box[2], box[3]],
  nx: n,
  ny: n,
  values,
});

/**
 * log e^{−V/σ} (unnormalised) of a 2D energy ∫V dρ + σ∫ρ log ρ without interaction: the law its
 * Wasserstein gradient flow ends at. Undefined for any other energy.
 */
export function gibbsLog(energy: Energy): ((x: Float64Array) => number) | undefined {
  const { potentials, interactions, internals, entropy, problem, dim } = energyParts(energy);
  if (problem || interactions.length || internals.length !== 1 || !(entropy > 0)) return undefined;
  if (dim !== undefined && dim !== 2) return undefined;
  return (x) => {
    let v = 0;
    for (const p of potentials) v += p.scale * p.value(x);
    return -v / entropy;
  };
}

/** Ends rounded out to multiples of ½. */
const roundOut = (lo: number, hi: number): [number, number] => [
  Math.floor(lo * 2) / 2,
  Math.ceil(hi * 2) / 2,
];

/**
 * A square box that holds the initial Gaussian (mean ± 3.5 standard deviations) and the target
 * where its density exceeds 10⁻³ of its peak (found on a 121² grid over [−12, 12]²), rounded
 * out to ½.
 */
export function plotBox(initial: Measure, logTarget?: (x: Float64Array) => number): Box {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  if (initial.kind === "gaussian" && initial.d === 2) {
    const [sx, sy] = [Math.sqrt(initial.cov.data[0]), Math.sqrt(initial.cov.data[3])];
    [x0, x1] = [initial.mean[0] - 3.5 * sx, initial.mean[0] + 3.5 * sx];
    [y0, y1] = [initial.mean[1] - 3.5 * sy, initial.mean[1] + 3.5 * sy];
  }
  if (logTarget) {
    const coarse: Box = [-12, 12, -12, 12];
    const n = 121;
    const pts = gridPoints(coarse, n, n);
    const logs = Float64Array.from({ length: n * n }, (_, i) =>
      logTarget(pts.subarray(2 * i, 2 * i + 2)),
    );
    const peak = Math.max(...logs);
    for (let i = 0; i < n * n; i++)
      if (logs[i] > peak + Math.log(1e-3)) {
        [x0, x1] = [Math.min(x0, pts[2 * i]), Math.max(x1, pts[2 * i])];
        [y0, y1] = [Math.min(y0, pts[2 * i + 1]), Math.max(y1, pts[2 * i + 1])];
      }
  }
  if (!Number.isFinite(x0)) return [-4, 4, -4, 4];
  // Square: one unit is as long on both axes, and the cells are square.
  const half = Math.max(x1 - x0, y1 - y0) / 2;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const [a, b] = roundOut(cx - half, cx + half);
  const [c, d] = roundOut(cy - half, cy + half);
  const span = Math.max(b - a, d - c);
  return [a, a + span, c, c + span];
}

/** e^{log p} on an n × n grid over the box, normalised to mass 1 on the grid. */
export function tabulateLog(logp: (x: Float64Array) => number, box: Box, n: number): DensityTable {
  const pts = gridPoints(box, n, n);
  const logs = Float64Array.from({ length: n * n }, (_, i) => logp(pts.subarray(2 * i, 2 * i + 2)));
  const top = Math.max(...logs);
  const values = logs.map((v) => Math.exp(v - top));
  const cell = ((box[1] - box[0]) / n) * ((box[3] - box[2]) / n);
  const mass = values.reduce((s, v) => s + v, 0) * cell;
  return tableOf(
    box,
    n,
    values.map((v) => v / mass),
  );
}

/** The exact law at time t, for the presets that know it in closed form (OU: a Gaussian). */
export function exactLaw(prepared: PreparedRun): ((t: number) => Gaussian) | undefined {
  const { experiment: exp, config } = prepared;
  if (config.preset.name !== "ou" || exp.initial.kind !== "gaussian") return undefined;
  const initial = exp.initial;
  const A = fromRows(exp.problem.A as number[][]);
  const b = Float64Array.from(exp.problem.b as number[]);
  return (t) => ouLaw(A, b, initial, t);
}

/** A Gaussian's density on an n × n grid over the box. */
export function gaussianTable(g: Gaussian, box: Box, n: number): DensityTable {
  return tableOf(box, n, gaussianLogPdf(g, gridPoints(box, n, n)).map(Math.exp));
}

/** Whether a scheme evaluates the density of its own iterates (the neural JKO). */
export const hasDensity = (s: Scheme): s is NeuralJkoScheme =>
  typeof (s as Partial<NeuralJkoScheme>).logDensity === "function";

/**
 * ρ_k on an n × n grid over the box, a few rows at a time with `pause()` between them so that a
 * new request gets in; undefined when `signal` aborts it.
 */
export async function learnedTable(
  scheme: NeuralJkoScheme,
  state: SchemeState,
  initial: Gaussian,
  box: Box,
  n: number,
  pause: () => Promise<void>,
  signal: AbortSignal,
): Promise<DensityTable | undefined> {
  const pts = gridPoints(box, n, n);
  const values = new Float64Array(n * n);
  const rows = 4;
  for (let j = 0; j < n; j += rows) {
    const [from, to] = [j * n, Math.min(n, j + rows) * n];
    const logs = scheme.logDensity(
      state as NeuralJkoState,
      initial,
      pts.subarray(2 * from, 2 * to),
    );
    for (let i = 0; i < logs.length; i++) values[from + i] = Math.exp(logs[i]);
    await pause();
    if (signal.aborted) return undefined;
  }
  return tableOf(box, n, values);
}

/** What a job's densities need: the box, the scheme that evaluates ρ_k, its start, the exact law. */
export interface DensityPlan {
  box: Box;
  cells: number;
  scheme: NeuralJkoScheme;
  initial: Gaussian;
  /** The target's density (90 × 90, for contours), where F is ∫V dρ + σ∫ρ log ρ. */
  target?: DensityTable;
  exact?: (t: number) => Gaussian;
}

/** The plan for a 2D run whose scheme evaluates its density from a Gaussian start; else undefined. */
export function densityPlan(prepared: PreparedRun, cells: number): DensityPlan | undefined {
  const { scheme, experiment: exp } = prepared;
  const initial = exp.initial;
  if (!hasDensity(scheme) || initial.kind !== "gaussian" || initial.d !== 2) return undefined;
  const logTarget = gibbsLog(exp.energy);
  const box = plotBox(initial, logTarget);
  return {
    box,
    cells,
    scheme,
    initial,
    target: logTarget && tabulateLog(logTarget, box, 90),
    exact: exactLaw(prepared),
  };
}
