/**
 * Particle flows of f-divergences D_f(ρ ‖ μ) = ∫ f(ρ/μ) dμ towards a target density μ
 * (seed 003): the W2 velocity is −∇f′(r) = −g(r) ∇log r with r = ρ/μ and g(r) = r f″(r),
 * so every such flow is the KL flow's velocity ∇log μ − ∇log ρ times a mobility:
 *   KL r log r: g = 1;  χ² (r − 1)²: g = 2r;  Hellinger (√r − 1)²: g = ½r^{−1/2};
 *   reverse KL −log r: g = 1/r.
 * ρ and ∇log ρ come from a Gaussian KDE of the particles (energies/score.ts); explicit
 * Euler with sub-steps that move no particle farther than a fifth of the bandwidth.
 */
import { z } from "zod";
import { fTimesMu, mobility } from "../energies/fDivergence.js";
import { kdeScore, resolveBandwidth } from "../energies/score.js";
import type { FDivergenceTerm } from "../energies/types.js";
import { defineScheme } from "./entry.js";
import { type ParticleState, advance, initialParticles, particleParams } from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Problem, Scheme } from "./types.js";

const params = z
  .object({
    ...particleParams(1000, 20_000),
    bandwidth: z
      .union([z.literal("silverman"), z.number().positive()])
      .default("silverman")
      .describe("KDE width"),
  })
  .strict();
export type FDivergenceFlowOptions = z.input<typeof params>;

const supports: Supports = {
  terms: ["f-divergence"],
  needs: ["f-divergence"],
  measures: anyMeasure,
  dims: [1],
};

const termOf = (problem: Problem): FDivergenceTerm => problem.energy.terms[0] as FDivergenceTerm;

function makeFDivergenceFlow(options: z.infer<typeof params>): Scheme<ParticleState> {
  const { n, start, bandwidth } = options;
  /** The velocity at every particle, and the KDE bandwidth used. */
  const velocity = (t: FDivergenceTerm, x: Float64Array): { v: Float64Array; h: number } => {
    const p = { kind: "particles" as const, n: x.length, d: 1, x };
    const h = resolveBandwidth(p, bandwidth);
    const { score, density } = kdeScore(p, h);
    const v = Float64Array.from(x, (xi, i) => {
      const logR = Math.log(density[i]) - t.logTarget(xi);
      return t.scale * mobility(t.divergence, logR) * (t.gradLogTarget(xi) - score[i]);
    });
    return { v, h };
  };
  return {
    name: "f-divergence-flow",
    stochastic: false,
    // The particles follow D_f's velocity at their KDE; the KDE estimate of D_f itself need not
    // fall at every step (it moves with them), so flow() does not require it to.
    descends: false,
    supports,
    init: (problem, k) => initialParticles(problem, n, k, start),
    step(state, { problem, dt: total }) {
      const term = termOf(problem);
      let x = Float64Array.from(state.measure.x);
      let t = 0;
      while (t < total) {
        const { v, h } = velocity(term, x);
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
    energy(state, problem) {
      const { divergence, logTarget, scale } = termOf(problem);
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
      return scale * total;
    },
    divergenceAdvice: () =>
      "sub-steps bound every move by a fifth of the KDE bandwidth; report this",
  };
}

export const fDivergenceFlowEntry = defineScheme({
  name: "f-divergence-flow",
  summary:
    "W2 flows of f-divergences to a 1D density by KDE particles (the KL velocity times a mobility)",
  family: "problem-specific",
  params,
  supports,
  make: makeFDivergenceFlow,
});

export const fDivergenceFlow = (o: FDivergenceFlowOptions = {}) => fDivergenceFlowEntry.create(o);
