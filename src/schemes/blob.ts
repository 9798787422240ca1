/**
 * The blob method (Carrillo, Craig & Patacchini 2019): deterministic particles for
 * internal energies, made well-defined on particles by mollifying the density inside U:
 *   F_ε(ρ) = ∫V dρ + ½∬W dρdρ + Σ κ ∫ρ G(φ_ε∗ρ),  G = log (entropy) or r^{m−1}/(m−1) (porous),
 * φ_ε the Gaussian of variance ε. Its first variation G(ρ̃) + φ_ε∗(ρ G'(ρ̃)), ρ̃ = φ_ε∗ρ,
 * gives on particles (ρ̃_i = Σ_j w_j φ_ε(x_i − x_j))
 *   v_i = −∇V − ∇W∗ρ − κ[ G'(ρ̃_i) ∇ρ̃(x_i) + Σ_j w_j G'(ρ̃_j) ∇φ_ε(x_i − x_j) ],
 * two O(N²) passes per step, explicit Euler in time.
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import type { Energy, InternalTerm } from "../energies/types.js";
import { transportVelocity } from "../energies/velocity.js";
import { moments } from "../measures/moments.js";
import type { Particles } from "../measures/types.js";
import { defineScheme } from "./entry.js";
import {
  type ParticleState,
  advance,
  eulerMove,
  initialParticles,
  particleParams,
} from "./particleState.js";
import { type Supports, anyMeasure } from "./support.js";
import type { Scheme } from "./types.js";

/** −κ∇δF_ε/δρ at every particle for the internal terms (added to v). */
export function blobVelocity(
  p: Particles,
  terms: readonly InternalTerm[],
  epsilon: number,
  v: Float64Array,
): void {
  const { n, d, x, weights } = p;
  const norm = (2 * Math.PI * epsilon) ** (-d / 2);
  const kernel = new Float64Array(n * n);
  const smooth = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (x[i * d + a] - x[j * d + a]) ** 2;
      kernel[i * n + j] = kernel[j * n + i] = norm * Math.exp(-r2 / (2 * epsilon));
    }
  const w = (j: number) => (weights ? weights[j] : 1 / n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += w(j) * kernel[i * n + j];
    smooth[i] = s;
  }
  const gPrime = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (const t of terms)
      gPrime[i] +=
        t.scale * (t.name === "entropy" ? 1 / smooth[i] : smooth[i] ** ((t.m as number) - 2));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      // ∇φ(x_i − x_j) = −(x_i − x_j)/ε · φ; both sums share it
      const c = (w(j) * kernel[i * n + j] * (gPrime[i] + gPrime[j])) / epsilon;
      for (let a = 0; a < d; a++) v[i * d + a] += c * (x[i * d + a] - x[j * d + a]);
    }
}

/** F_ε on particles: Σ w_i (V(x_i) + ½Σ_j w_j W(x_i − x_j) + Σ κ G(ρ̃_i)), the energy the scheme decreases. */
export function blobEnergy(energy: Energy, p: Particles, epsilon: number): number {
  const { n, d, x, weights } = p;
  const w = (j: number) => (weights ? weights[j] : 1 / n);
  const norm = (2 * Math.PI * epsilon) ** (-d / 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * d, (i + 1) * d);
    let smooth = 0;
    let pair = 0;
    for (let j = 0; j < n; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (xi[a] - x[j * d + a]) ** 2;
      smooth += w(j) * norm * Math.exp(-r2 / (2 * epsilon));
      for (const t of energy.terms)
        if (t.type === "interaction" && (j !== i || !t.kernel.singularAtZero))
          pair += 0.5 * w(j) * t.scale * t.kernel.w(r2);
    }
    let e = pair;
    for (const t of energy.terms) {
      if (t.type === "potential") e += t.scale * t.value(xi);
      else if (t.type === "internal")
        e +=
          t.scale *
          (t.name === "entropy"
            ? Math.log(smooth)
            : smooth ** ((t.m as number) - 1) / ((t.m as number) - 1));
    }
    total += w(i) * e;
  }
  return total;
}

const params = z
  .object({
    ...particleParams(500, 20_000),
    epsilon: z
      .union([z.literal("auto"), z.number().positive()])
      .default("auto")
      .describe('mollifier variance ε, or "auto": (σ̂·N^{−1/(d+4)})², σ̂ the start\'s spread'),
  })
  .strict();
export type BlobOptions = z.input<typeof params>;

export interface BlobState extends ParticleState {
  /** The mollifier variance of this run (fixed at the start). */
  readonly epsilon: number;
}

/** A Silverman-like ε for the particles: the square of their mean spread times N^{−1/(d+4)}. */
function autoEpsilon(p: Particles): number {
  const { cov } = moments(p);
  let spread = 0;
  for (let a = 0; a < p.d; a++) spread += cov.data[a * p.d + a] / p.d;
  return spread * p.n ** (-2 / (p.d + 4));
}

const supports: Supports = {
  terms: ["potential", "interaction", "singular-interaction", "entropy", "porous"],
  measures: anyMeasure,
  how: { entropy: "mollified density", porous: "mollified density" },
};

export const blobEntry = defineScheme({
  name: "blob",
  summary: "Deterministic blob particles: internal energies with a mollified density",
  family: "particle",
  params,
  supports,
  make: (p): Scheme<BlobState> => ({
    name: "blob",
    stochastic: false,
    supports,
    init(problem, k) {
      const s = initialParticles(problem, p.n, k, p.start);
      const epsilon = p.epsilon === "auto" ? autoEpsilon(s.measure) : p.epsilon;
      if (!(epsilon > 0))
        throw new ConfigError(
          "blob: the particles have no spread to set the mollifier by",
          "give epsilon explicitly",
        );
      return { ...s, epsilon };
    },
    step(state, { problem, parts, dt: h }) {
      const x0 = state.measure;
      const v = transportVelocity(problem.energy, x0);
      if (parts.internals.length) blobVelocity(x0, parts.internals, state.epsilon, v);
      return { ...advance(state, eulerMove(x0.x, v, h), h), epsilon: state.epsilon };
    },
    energy: (state, problem) => blobEnergy(problem.energy, state.measure, state.epsilon),
    divergenceAdvice: (h) =>
      `the blob scheme is explicit; its stiffness grows like 1/ε: try dt ≤ ${(h / 4).toPrecision(2)} or a larger epsilon`,
  }),
});

export const blob = (o: BlobOptions = {}) => blobEntry.create(o);
