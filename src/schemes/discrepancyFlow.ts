/**
 * Particles x_i pulled towards target samples y_j by four discrepancy geometries (seed 004,
 * "discrepancy geometries"), all with the same smoothing length σ:
 *  - ot:        the W2 flow of ½W2²(ρ, ν): v_i = T(x_i) − x_i with T the optimal matching, found
 *               once (it stays optimal along the straight rays) and integrated exactly;
 *  - mmd:       the W2 flow of ½MMD² with a Gaussian kernel of width σ (the witness gradient);
 *  - sinkhorn:  the W2 flow of ½S_ε, ε = σ²: v_i = T_ρν(x_i) − T_ρρ(x_i), the entropic
 *               barycentric maps to the target and to the particles themselves (debiasing);
 *  - drifting:  a normalised mean-shift field, attraction to the data minus self-repulsion,
 *               v_i = Σ_j k(x_i, y_j)(y_j − x_i)/Σ_j k(x_i, y_j) − the same over the particles.
 *               It is not the gradient of any energy, so F may rise along it.
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import { halfMmdSquared, mmdEnergy } from "../energies/mmd.js";
import type { EnergyParts } from "../energies/parts.js";
import type { DiscrepancyTerm, Energy } from "../energies/types.js";
import { transportVelocity } from "../energies/velocity.js";
import type { Particles } from "../measures/types.js";
import { type Cloud, cloudOf } from "../ot/cloud.js";
import { exactTransport } from "../ot/exact.js";
import { type SinkhornResult, sinkhorn, sinkhornSelf } from "../ot/sinkhorn.js";
import { defineScheme } from "./entry.js";
import { type ParticleState, advance, initialParticles, particleParams } from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Problem, Scheme } from "./types.js";

const params = z
  .object({
    ...particleParams(200, 5000),
    sinkhornTol: z
      .number()
      .positive()
      .max(1e-2)
      .default(1e-7)
      .describe("Sinkhorn marginal tolerance inside each step"),
  })
  .strict();
export type DiscrepancyFlowOptions = z.input<typeof params>;

export interface DiscrepancyState extends ParticleState {
  /** ot only: the matched target point of each particle. */
  readonly goal?: Float64Array;
  /**
   * sinkhorn only: the entropic potentials solved at the previous state, which this state's
   * solves start from (in the state, so that a resumed run solves from the same ones).
   */
  readonly potentials?: SinkhornPotentials;
}

/** The potentials of the two problems of S_ε(ρ, ν) that move with ρ: f, g of ρ to ν, f of ρ to ρ. */
export interface SinkhornPotentials {
  readonly f: Float64Array;
  readonly g: Float64Array;
  readonly self: Float64Array;
}

/** The matched target point of each particle under the optimal plan (its barycentric image). */
export function otGoals(p: Particles, target: Particles): Float64Array {
  const a = cloudOf(p);
  const { plan } = exactTransport(a, cloudOf(target));
  const goal = new Float64Array(p.x.length);
  for (let k = 0; k < plan.mass.length; k++) {
    const i = plan.i[k];
    const share = plan.mass[k] / a.w[i];
    for (let c = 0; c < p.d; c++) goal[i * p.d + c] += share * target.x[plan.j[k] * p.d + c];
  }
  return goal;
}

/** Σ_j b_j e^{(f_i + g_j − |x_i − y_j|²)/ε} y_j: the entropic plan's barycentric image of x_i. */
function barycentricMap(x: Cloud, y: Cloud, f: Float64Array, g: Float64Array, eps: number) {
  const { d } = x;
  const out = new Float64Array(x.n * d);
  for (let i = 0; i < x.n; i++) {
    let mass = 0;
    for (let j = 0; j < y.n; j++) {
      let c = 0;
      for (let k = 0; k < d; k++) c += (x.x[i * d + k] - y.x[j * d + k]) ** 2;
      const p = y.w[j] * Math.exp((f[i] + g[j] - c) / eps);
      mass += p;
      for (let k = 0; k < d; k++) out[i * d + k] += p * y.x[j * d + k];
    }
    // Normalise by the row mass: exact at convergence, and robust to the tolerance.
    for (let k = 0; k < d; k++) out[i * d + k] /= mass;
  }
  return out;
}

/** The two entropic problems of S_ε(ρ, ν) that depend on ρ: ρ to ν, and ρ to itself. */
interface SinkhornSolves {
  readonly x: Cloud;
  readonly y: Cloud;
  readonly cross: SinkhornResult;
  readonly self: ReturnType<typeof sinkhornSelf>;
}

/**
 * The two problems at ρ = p, from the previous state's potentials when given (the particles
 * moved by one step, so those are close: about 40 % less work than ε-scaling from zero).
 */
function sinkhornSolves(
  p: Particles,
  target: Particles,
  eps: number,
  tol: number,
  from?: SinkhornPotentials,
): SinkhornSolves {
  const x = cloudOf(p);
  const y = cloudOf(target);
  return {
    x,
    y,
    cross: sinkhorn(x, y, eps, { tol, init: from && { f: from.f, g: from.g } }),
    self: sinkhornSelf(x, eps, { tol, init: from && { f: from.self } }),
  };
}

/** v_i = T_ρν(x_i) − T_ρρ(x_i) from the solved problems. */
function velocityOf({ x, y, cross, self }: SinkhornSolves, eps: number): Float64Array {
  const toTarget = barycentricMap(x, y, cross.f, cross.g, eps);
  const toSelf = barycentricMap(x, x, self.f, self.f, eps);
  for (let k = 0; k < toTarget.length; k++) toTarget[k] -= toSelf[k];
  return toTarget;
}

/** v_i = T_ρν(x_i) − T_ρρ(x_i), the W2 gradient of −½S_ε(ρ, ν) with cost |x − y|². */
export function sinkhornVelocity(p: Particles, target: Particles, eps: number, tol = 1e-7) {
  return velocityOf(sinkhornSolves(p, target, eps, tol), eps);
}

/** Kernel-weighted mean of `from` seen from each point of p, minus the point. */
function meanShift(p: Particles, from: Particles, sigma: number): Float64Array {
  const { d } = p;
  const inv = 1 / (2 * sigma * sigma);
  const out = new Float64Array(p.x.length);
  const r2 = new Float64Array(from.n);
  for (let i = 0; i < p.n; i++) {
    let best = Infinity;
    for (let j = 0; j < from.n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (p.x[i * d + k] - from.x[j * d + k]) ** 2;
      r2[j] = s;
      if (s < best) best = s;
    }
    // Shift by the nearest distance so that far-away points do not underflow to 0/0.
    let total = 0;
    for (let j = 0; j < from.n; j++) {
      const w = (from.weights?.[j] ?? 1) * Math.exp(-(r2[j] - best) * inv);
      total += w;
      for (let k = 0; k < d; k++) out[i * d + k] += w * from.x[j * d + k];
    }
    for (let k = 0; k < d; k++) out[i * d + k] = out[i * d + k] / total - p.x[i * d + k];
  }
  return out;
}

export function driftingVelocity(p: Particles, target: Particles, sigma: number): Float64Array {
  const attract = meanShift(p, target, sigma);
  const repel = meanShift(p, p, sigma);
  for (let k = 0; k < attract.length; k++) attract[k] -= repel[k];
  return attract;
}

/** The discrepancy term of a problem (the support check has made sure there is one). */
const termOf = (problem: Problem): DiscrepancyTerm => problem.energy.terms[0] as DiscrepancyTerm;

const supports: Supports = {
  terms: ["discrepancy"],
  needs: ["discrepancy"],
  measures: anyMeasure,
  note: "the particles and the target samples in one dimension",
  check: (problem, parts) => {
    const t = parts.problem as DiscrepancyTerm;
    const d = problem.initial.kind === "quantile1d" ? 1 : problem.initial.d;
    return t.target.d === d
      ? undefined
      : `the particles are ${d}D but the target is ${t.target.d}D`;
  },
};

/** ½MMD² with the term's width, as an energy of the usual kinds (built once per term). */
const mmdOf = (() => {
  const cache = new WeakMap<DiscrepancyTerm, Energy>();
  return (t: DiscrepancyTerm): Energy => {
    let e = cache.get(t);
    if (!e) cache.set(t, (e = mmdEnergy(t.target, t.smoothing)));
    return e;
  };
})();

function makeDiscrepancyFlow(p: z.infer<typeof params>): Scheme<DiscrepancyState> {
  // A saved state's energy and the next step's velocity solve the same two Sinkhorn problems
  // (states are immutable, so the same positions array means the same ρ and potentials), and
  // ν's problem with itself never changes: each is solved once, for the same numbers. The
  // explorer's Sinkhorn runs spent a quarter of their time solving them again.
  let last:
    { at: Float64Array; target: Particles; eps: number; solves: SinkhornSolves } | undefined;
  const solvesAt = (s: DiscrepancyState, target: Particles, eps: number): SinkhornSolves => {
    const x = s.measure;
    if (last?.at !== x.x || last.target !== target || last.eps !== eps)
      last = {
        at: x.x,
        target,
        eps,
        solves: sinkhornSolves(x, target, eps, p.sinkhornTol, s.potentials),
      };
    return last.solves;
  };
  let targetSelf: { target: Particles; eps: number; cost: number } | undefined;
  const targetSelfCost = (target: Particles, eps: number): number => {
    if (targetSelf?.target !== target || targetSelf.eps !== eps)
      targetSelf = {
        target,
        eps,
        cost: sinkhornSelf(cloudOf(target), eps, { tol: p.sinkhornTol }).cost,
      };
    return targetSelf.cost;
  };
  const halfOt = (s: DiscrepancyState): number => {
    const { x, n: count } = s.measure;
    let total = 0;
    for (let k = 0; k < x.length; k++) total += (x[k] - s.goal![k]) ** 2;
    return total / (2 * count);
  };
  return {
    name: "discrepancy-flow",
    stochastic: false,
    descends: (parts: EnergyParts) => (parts.problem as DiscrepancyTerm).geometry !== "drifting",
    supports,
    init(problem, k) {
      const { geometry, target } = termOf(problem);
      const s = initialParticles(problem, p.n, k, p.start);
      if (s.measure.d !== target.d)
        throw new ConfigError(`particles are ${s.measure.d}D but the target is ${target.d}D`);
      return geometry === "ot" ? { ...s, goal: otGoals(s.measure, target) } : s;
    },
    step(state, { problem, dt: h }) {
      const { geometry, target, smoothing: sigma, scale } = termOf(problem);
      const x0 = state.measure;
      const x = new Float64Array(x0.x.length);
      if (geometry === "ot") {
        // ẋ = s(goal − x) integrates exactly to goal + e^{−sh}(x − goal).
        const decay = Math.exp(-scale * h);
        for (let k = 0; k < x.length; k++)
          x[k] = state.goal![k] + decay * (x0.x[k] - state.goal![k]);
        return { ...advance(state, x, h), goal: state.goal };
      }
      const solves = geometry === "sinkhorn" ? solvesAt(state, target, sigma * sigma) : null;
      const v =
        geometry === "mmd"
          ? transportVelocity(mmdOf(termOf(problem)), x0)
          : solves
            ? velocityOf(solves, sigma * sigma)
            : driftingVelocity(x0, target, sigma);
      for (let k = 0; k < x.length; k++) x[k] = x0.x[k] + scale * h * v[k];
      const next = advance(state, x, h);
      if (!solves) return next;
      // the next state's solves start from these
      const { cross, self } = solves;
      return { ...next, potentials: { f: cross.f, g: cross.g, self: self.f } };
    },
    /** ½W2² (ot), ½MMD²_σ (mmd, and the drifting field's yardstick), ½S_ε (sinkhorn). */
    energy(state, problem) {
      const { geometry, target, smoothing: sigma, scale } = termOf(problem);
      if (geometry === "ot") return scale * halfOt(state);
      if (geometry === "sinkhorn") {
        const eps = sigma * sigma;
        const { cross, self } = solvesAt(state, target, eps);
        const selfY = targetSelfCost(target, eps);
        return scale * 0.5 * (cross.cost - 0.5 * self.cost - 0.5 * selfY);
      }
      return scale * halfMmdSquared(state.measure, target, sigma);
    },
    divergenceAdvice: (h) =>
      `the discrepancy flows are explicit: try dt ≤ ${(h / 4).toPrecision(2)}`,
  };
}

export const discrepancyFlowEntry = defineScheme({
  name: "discrepancy-flow",
  summary:
    "Particles pulled to target samples by OT displacement, the MMD witness, the Sinkhorn divergence or the drifting field",
  family: "problem-specific",
  params,
  supports,
  make: makeDiscrepancyFlow,
});

export const discrepancyFlow = (o: DiscrepancyFlowOptions = {}) => discrepancyFlowEntry.create(o);
