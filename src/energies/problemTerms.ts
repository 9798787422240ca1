/**
 * Constructors of the problem terms (types.ts): each is a whole energy whose data a scheme made
 * for it reads — validated here, at the boundary, so that schemes can trust it.
 */
import { ConfigError } from "../core/errors.js";
import type { Graph } from "../graph/graph.js";
import type { Particles } from "../measures/types.js";
import {
  type DiscrepancyGeometry,
  type Energy,
  type FDivergence,
  discrepancyGeometries,
  fDivergences,
} from "./types.js";

const positive = (what: string, v: number): void => {
  if (!(v > 0) || !Number.isFinite(v)) throw new ConfigError(`${what} must be > 0, got ${v}`);
};

/** A discrepancy to target samples: ½W2² (ot), ½MMD² (mmd), ½S_ε (sinkhorn, ε = σ²), or the drifting field. */
export function discrepancy(o: {
  geometry: DiscrepancyGeometry;
  target: Particles;
  smoothing: number;
}): Energy {
  if (!discrepancyGeometries.includes(o.geometry))
    throw new ConfigError(
      `unknown discrepancy geometry "${o.geometry}"`,
      `use one of ${discrepancyGeometries.join(", ")}`,
    );
  positive("the smoothing length", o.smoothing);
  if (o.target.n < 1) throw new ConfigError("the discrepancy needs at least one target sample");
  return { terms: [{ type: "discrepancy", name: `discrepancy(${o.geometry})`, scale: 1, ...o }] };
}

/** D_f(ρ ‖ μ) towards a normalised 1D density μ, given by log μ and its derivative. */
export function fDivergence(o: {
  divergence: FDivergence;
  logTarget: (x: number) => number;
  gradLogTarget: (x: number) => number;
}): Energy {
  if (!fDivergences.includes(o.divergence))
    throw new ConfigError(
      `unknown f-divergence "${o.divergence}"`,
      `use one of ${fDivergences.join(", ")}`,
    );
  return {
    terms: [
      {
        type: "f-divergence",
        name: `f-divergence(${o.divergence})`,
        scale: 1,
        divergence: o.divergence,
        logTarget: o.logTarget,
        gradLogTarget: o.gradLogTarget,
      },
    ],
  };
}

/** The exact population risk of a two-layer ReLU network against evenly weighted teacher neurons. */
export function networkRisk(o: { directions: Float64Array; trainOuter: boolean }): Energy {
  if (!o.directions.length || o.directions.length % 2)
    throw new ConfigError("the teacher needs directions in R², as m×2 numbers");
  return { terms: [{ type: "network-risk", name: "network-risk", scale: 1, ...o }] };
}

/** The relative entropy to the uniform law on the nodes of a graph. */
export function graphEntropy(graph: Graph): Energy {
  return { terms: [{ type: "graph-entropy", name: "graph-entropy", scale: 1, graph }] };
}

/** The costs of a linear–quadratic mean-field game on a line, on a grid of `steps` times. */
export function meanFieldGame(o: {
  q: number;
  s: number;
  c: number;
  horizon: number;
  steps: number;
}): Energy {
  if (!Number.isInteger(o.steps) || o.steps < 2)
    throw new ConfigError(`the game needs ≥ 2 time steps, got ${o.steps}`);
  positive("the horizon", o.horizon);
  if (!(o.q >= 0) || !(o.c >= 0)) throw new ConfigError("q and c must be ≥ 0 (convex costs)");
  return { terms: [{ type: "game", name: "mean-field-game", scale: 1, ...o }] };
}
