/**
 * Flows of F = ∫V dρ + σ∫ρ log ρ = σ KL(ρ ‖ μ) + const, μ ∝ e^{−V/σ}, on a 1D grid in three
 * geometries (seed 002, "Fisher–Rao vs Wasserstein"):
 *  - fisher-rao:  ∂tρ = −ρ(δF/δρ − E_ρ[δF/δρ]): mass is reweighted where it is, never moved;
 *                 the step is exact, ρ ← ρ^{e^{−σh}} μ^{1−e^{−σh}} renormalised;
 *  - wasserstein: ∂tρ = σ∂x(μ ∂x(ρ/μ)) (Fokker–Planck): mass is transported
 *                 (schemes/ratioDiffusion1d.ts, exact at equilibrium, positive);
 *  - wfr:         both (Wasserstein–Fisher–Rao), by Strang splitting FR(h/2)·W2(h)·FR(h/2).
 */
import { z } from "zod";
import { cellCentre } from "../measures/construct.js";
import type { Grid } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import { type RatioGrid, ratioDiffusion, ratioGrid } from "./ratioDiffusion1d.js";
import type { Supports } from "./support.js";
import type { Problem, Scheme, SchemeState } from "./types.js";
import { energyParts } from "../energies/parts.js";

export const klGeometries = ["fisher-rao", "wasserstein", "wfr"] as const;
export type KlGeometry = (typeof klGeometries)[number];

export interface KlGridState extends SchemeState {
  readonly measure: Grid;
}

/** The exact Fisher–Rao step of σKL(· ‖ μ) over time h, normalised to mass 1 on the grid. */
function fisherRaoStep(rho: Float64Array, logMu: Float64Array, sigmaH: number, cell: number) {
  const a = Math.exp(-sigmaH);
  const out = Float64Array.from(rho, (r, i) =>
    r > 0 ? Math.exp(a * Math.log(r) + (1 - a) * logMu[i]) : 0,
  );
  const mass = out.reduce((s, v) => s + v, 0) * cell;
  for (let i = 0; i < out.length; i++) out[i] /= mass;
  return out;
}

const params = z
  .object({ geometry: z.enum(klGeometries).default("wasserstein").describe("the geometry") })
  .strict();
export type KlGridFlowOptions = z.input<typeof params>;

const supports: Supports = {
  terms: ["potential", "entropy"],
  needs: ["entropy"],
  measures: ["grid"],
  dims: [1],
  note: "entropy coefficient > 0 (the target e^{−V/σ})",
  check: (_, parts) => (parts.entropy > 0 ? undefined : "it needs σ > 0 (the target e^{−V/σ})"),
};

/** log μ = −V/σ at the cell centres (shifted to a maximum of 0), μ itself, and the grid's cell. */
function targetOn(problem: Problem, g: Grid) {
  const { potentials, entropy: sigma } = energyParts(problem.energy);
  const n = g.shape[0];
  const pt = new Float64Array(1);
  const logMu = Float64Array.from({ length: n }, (_, i) => {
    pt[0] = cellCentre(g, 0, i);
    let v = 0;
    for (const t of potentials) v += t.scale * t.value(pt);
    return -v / sigma;
  });
  const top = Math.max(...logMu);
  for (let i = 0; i < n; i++) logMu[i] -= top;
  return { logMu, mu: logMu.map(Math.exp), cell: (g.upper[0] - g.lower[0]) / n, sigma };
}

function makeKlGridFlow({ geometry }: z.infer<typeof params>): Scheme<KlGridState> {
  const cache = new WeakMap<Problem, ReturnType<typeof targetOn> & { grid: RatioGrid }>();
  const targetOf = (problem: Problem, g: Grid) => {
    let c = cache.get(problem);
    if (!c) {
      const t = targetOn(problem, g);
      cache.set(problem, (c = { ...t, grid: ratioGrid(t.mu, t.cell) }));
    }
    return c;
  };
  return {
    name: "kl-grid-flow",
    stochastic: false,
    supports,
    init: (problem) => ({ step: 0, t: 0, measure: problem.initial as Grid }),
    step(state, { problem, dt: h }) {
      const g = state.measure;
      const { logMu, cell, sigma, grid } = targetOf(problem, g);
      let rho = g.density;
      if (geometry === "fisher-rao") rho = fisherRaoStep(rho, logMu, sigma * h, cell);
      else if (geometry === "wasserstein") rho = ratioDiffusion(grid, rho, sigma * h);
      else {
        rho = fisherRaoStep(rho, logMu, (sigma * h) / 2, cell);
        rho = ratioDiffusion(grid, rho, sigma * h);
        rho = fisherRaoStep(rho, logMu, (sigma * h) / 2, cell);
      }
      return { step: state.step + 1, t: state.t + h, measure: { ...g, density: rho } };
    },
    /** σKL(ρ ‖ μ) with μ normalised on the same cells. */
    energy(state, problem) {
      const g = state.measure;
      const { mu, cell, sigma } = targetOf(problem, g);
      const z = mu.reduce((s, v) => s + v, 0) * cell;
      let kl = 0;
      for (let i = 0; i < mu.length; i++) {
        const r = g.density[i];
        if (r > 0) kl += r * Math.log((r * z) / mu[i]) * cell;
      }
      return sigma * kl;
    },
    divergenceAdvice: () => "the sub-steps follow the diffusive bound; report this as a bug",
  };
}

export const klGridFlowEntry = defineScheme({
  name: "kl-grid-flow",
  summary:
    "KL flows on a 1D grid in the Fisher–Rao, Wasserstein or Wasserstein–Fisher–Rao geometry",
  family: "grid",
  params,
  supports,
  make: makeKlGridFlow,
});

export const klGridFlow = (o: KlGridFlowOptions = {}) => klGridFlowEntry.create(o);
