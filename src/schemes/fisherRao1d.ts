/**
 * KL(ρ ‖ μ) flows on a 1D grid in three geometries (seed 002, "Fisher–Rao vs Wasserstein"):
 *  - fisher-rao:  ∂tρ = −ρ(log(ρ/μ) − KL): mass is reweighted where it is, never moved; the
 *                 step is exact, ρ ← ρ^{e^{−h}} μ^{1−e^{−h}} renormalised;
 *  - wasserstein: ∂tρ = ∂x(μ ∂x(ρ/μ)) (Fokker–Planck): mass is transported
 *                 (schemes/ratioDiffusion1d.ts, exact at equilibrium, positive);
 *  - wfr:         both (Wasserstein–Fisher–Rao), by Strang splitting FR(h/2)·W2(h)·FR(h/2).
 */
import { ConfigError } from "../core/errors.js";
import type { Grid } from "../measures/types.js";
import { type RatioGrid, ratioDiffusion, ratioGrid } from "./ratioDiffusion1d.js";
import type { Scheme, SchemeState } from "./types.js";

export const klGeometries = ["fisher-rao", "wasserstein", "wfr"] as const;
export type KlGeometry = (typeof klGeometries)[number];

export interface KlGridState extends SchemeState {
  readonly measure: Grid;
}

/** The exact Fisher–Rao step of KL(· ‖ μ) over time h, normalised to mass 1 on the grid. */
function fisherRaoStep(rho: Float64Array, logMu: Float64Array, h: number, cell: number) {
  const a = Math.exp(-h);
  const out = Float64Array.from(rho, (r, i) =>
    r > 0 ? Math.exp(a * Math.log(r) + (1 - a) * logMu[i]) : 0,
  );
  const mass = out.reduce((s, v) => s + v, 0) * cell;
  for (let i = 0; i < out.length; i++) out[i] /= mass;
  return out;
}

export function klGridFlow(options: {
  geometry: KlGeometry;
  /** log μ at the cell centres (normalised or not: only ratios matter). */
  logTarget: Float64Array;
  dt: number;
}): Scheme<KlGridState> {
  const { geometry, logTarget, dt } = options;
  if (!klGeometries.includes(geometry))
    throw new ConfigError(`unknown geometry "${geometry}"`, `use ${klGeometries.join(", ")}`);
  if (!(dt > 0) || !Number.isFinite(dt)) throw new ConfigError(`dt must be > 0, got ${dt}`);
  const n = logTarget.length;
  const shift = Math.max(...logTarget);
  const mu = Float64Array.from(logTarget, (l) => Math.exp(l - shift));
  let grid: RatioGrid | undefined;
  const transport = (rho: Float64Array, h: number, cell: number): Float64Array =>
    ratioDiffusion((grid ??= ratioGrid(mu, cell)), rho, h);

  return {
    name: `kl-grid-flow(${geometry})`,
    dt,
    stochastic: false,
    unsupported(problem) {
      if (problem.initial.kind !== "grid" || problem.initial.d !== 1)
        return "the grid KL flows need a 1D grid measure";
      if (problem.initial.shape[0] !== n)
        return `the target has ${n} cells, the start ${problem.initial.shape[0]}`;
      return problem.energy.terms.length
        ? "these flows carry their own energy, KL(ρ ‖ μ)"
        : undefined;
    },
    init: (problem) => ({ step: 0, t: 0, measure: problem.initial as Grid }),
    step(state, { dt: h }) {
      const g = state.measure;
      const cell = (g.upper[0] - g.lower[0]) / n;
      const logMu = logTarget;
      let rho = g.density;
      if (geometry === "fisher-rao") rho = fisherRaoStep(rho, logMu, h, cell);
      else if (geometry === "wasserstein") rho = transport(rho, h, cell);
      else {
        rho = fisherRaoStep(rho, logMu, h / 2, cell);
        rho = transport(rho, h, cell);
        rho = fisherRaoStep(rho, logMu, h / 2, cell);
      }
      return { step: state.step + 1, t: state.t + h, measure: { ...g, density: rho } };
    },
    /** KL(ρ ‖ μ) with μ normalised on the same cells. */
    energy(state) {
      const g = state.measure;
      const cell = (g.upper[0] - g.lower[0]) / n;
      const z = mu.reduce((s, v) => s + v, 0) * cell;
      let kl = 0;
      for (let i = 0; i < n; i++) {
        const r = g.density[i];
        if (r > 0) kl += r * Math.log((r * z) / mu[i]) * cell;
      }
      return kl;
    },
    divergenceAdvice: () => "the sub-steps follow the diffusive bound; report this as a bug",
  };
}
