/**
 * Particle flows of f-divergences D_f(ρ ‖ μ) = ∫ f(ρ/μ) dμ towards a target density μ
 * (seed 003): the W2 velocity is −∇f′(r) = −g(r) ∇log r with r = ρ/μ and g(r) = r f″(r),
 * so every such flow is the KL flow's velocity ∇log μ − ∇log ρ times a mobility:
 *   KL r log r: g = 1;  χ² (r − 1)²: g = 2r;  Hellinger (√r − 1)²: g = ½r^{−1/2};
 *   reverse KL −log r: g = 1/r.
 * ρ and ∇log ρ come from a Gaussian KDE of the particles (energies/score.ts); explicit
 * Euler with sub-steps that move no particle farther than a fifth of the bandwidth.
 */
import { ConfigError } from "../core/errors.js";
import { kdeScore, resolveBandwidth } from "../energies/score.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export const fDivergences = ["kl", "chi2", "hellinger", "reverse-kl"] as const;
export type FDivergence = (typeof fDivergences)[number];

/** g(r) = r f″(r), from log r (r spans many decades). */
export function mobility(f: FDivergence, logR: number): number {
  switch (f) {
    case "kl":
      return 1;
    case "chi2":
      return 2 * Math.exp(logR);
    case "hellinger":
      return 0.5 * Math.exp(-0.5 * logR);
    case "reverse-kl":
      return Math.exp(-logR);
  }
}

/**
 * f(ρ/μ)·μ from log ρ and log μ, without forming r (which over- or underflows in the tails):
 * KL ρ log r − ρ + μ; χ² ρ²/μ − 2ρ + μ; Hellinger ρ − 2√(ρμ) + μ; reverse KL −μ log r + ρ − μ.
 */
export function fTimesMu(f: FDivergence, logRho: number, logMu: number): number {
  const rho = Math.exp(logRho);
  const mu = Math.exp(logMu);
  switch (f) {
    case "kl":
      return rho * (logRho - logMu) - rho + mu;
    case "chi2":
      return Math.exp(2 * logRho - logMu) - 2 * rho + mu;
    case "hellinger":
      return rho - 2 * Math.exp(0.5 * (logRho + logMu)) + mu;
    case "reverse-kl":
      return mu * (logMu - logRho) + rho - mu;
  }
}

export interface FDivergenceFlowOptions {
  divergence: FDivergence;
  /** log μ (normalised) and its derivative, 1D. */
  logTarget: (x: number) => number;
  gradLogTarget: (x: number) => number;
  dt: number;
  n?: number;
  bandwidth?: number | "silverman";
}

export function fDivergenceFlow(options: FDivergenceFlowOptions): Scheme<ParticleState> {
  const { divergence, logTarget, gradLogTarget, dt, n = 1000, bandwidth = "silverman" } = options;
  if (!fDivergences.includes(divergence))
    throw new ConfigError(`unknown f-divergence "${divergence}"`, `use ${fDivergences.join(", ")}`);
  if (!(dt > 0) || !Number.isFinite(dt)) throw new ConfigError(`dt must be > 0, got ${dt}`);
  /** The velocity at every particle, and the KDE bandwidth used. */
  const velocity = (x: Float64Array): { v: Float64Array; h: number } => {
    const p = { kind: "particles" as const, n: x.length, d: 1, x };
    const h = resolveBandwidth(p, bandwidth);
    const { score, density } = kdeScore(p, h);
    const v = Float64Array.from(x, (xi, i) => {
      const logR = Math.log(density[i]) - logTarget(xi);
      return mobility(divergence, logR) * (gradLogTarget(xi) - score[i]);
    });
    return { v, h };
  };
  return {
    name: `f-divergence-flow(${divergence})`,
    dt,
    stochastic: false,
    // The particles follow D_f's velocity at their KDE; the KDE estimate of D_f itself need not
    // fall at every step (it moves with them), so flow() does not require it to.
    descends: false,
    unsupported(problem) {
      if (problem.energy.terms.length) return "the f-divergence flows carry their own energy";
      if (problem.initial.kind !== "quantile1d" && problem.initial.d !== 1)
        return "the f-divergence flows are 1D";
      return undefined;
    },
    init: (problem, k) => initialParticles(problem, n, k),
    step(state, { dt: total }) {
      let x = Float64Array.from(state.measure.x);
      let t = 0;
      while (t < total) {
        const { v, h } = velocity(x);
        const fastest = v.reduce((m, u) => Math.max(m, Math.abs(u)), 0);
        const k = Math.min(total - t, fastest > 0 ? (0.2 * h) / fastest : total);
        x = Float64Array.from(x, (xi, i) => xi + k * v[i]);
        t += k;
      }
      return advance(state, x, total);
    },
    /**
     * D_f(ρ̂ ‖ μ) of the particles' KDE by quadrature on 2000 cells around them and μ, with
     * log ρ̂ by log-sum-exp so that its Gaussian tails stay finite where μ still has mass.
     */
    energy(state) {
      const p = state.measure;
      const h = resolveBandwidth(p, bandwidth);
      let lo = -10;
      let hi = 10;
      for (const xi of p.x) {
        lo = Math.min(lo, xi - 10 * h);
        hi = Math.max(hi, xi + 10 * h);
      }
      const cells = 2000;
      const cell = (hi - lo) / cells;
      const norm = Math.log(p.n * h * Math.sqrt(2 * Math.PI));
      const e = new Float64Array(p.n);
      let total = 0;
      for (let c = 0; c < cells; c++) {
        const x = lo + (c + 0.5) * cell;
        let top = -Infinity;
        for (let j = 0; j < p.n; j++) {
          e[j] = -0.5 * ((x - p.x[j]) / h) ** 2;
          if (e[j] > top) top = e[j];
        }
        let sum = 0;
        for (let j = 0; j < p.n; j++) sum += Math.exp(e[j] - top);
        total += fTimesMu(divergence, top + Math.log(sum) - norm, logTarget(x)) * cell;
      }
      return total;
    },
    divergenceAdvice: () =>
      "sub-steps bound every move by a fifth of the KDE bandwidth; report this",
  };
}
