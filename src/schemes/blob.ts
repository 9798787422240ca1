/**
 * The blob method (Carrillo, Craig & Patacchini 2019): deterministic particles for
 * internal energies, made well-defined on particles by mollifying the density inside U:
 *   F_ε(ρ) = ∫V dρ + ½∬W dρdρ + Σ κ ∫ρ G(φ_ε∗ρ),  G = log (entropy) or r^{m−1}/(m−1) (porous),
 * φ_ε the Gaussian of variance ε. Its first variation G(ρ̃) + φ_ε∗(ρ G'(ρ̃)), ρ̃ = φ_ε∗ρ,
 * gives on particles (ρ̃_i = Σ_j w_j φ_ε(x_i − x_j))
 *   v_i = −∇V − ∇W∗ρ − κ[ G'(ρ̃_i) ∇ρ̃(x_i) + Σ_j w_j G'(ρ̃_j) ∇φ_ε(x_i − x_j) ],
 * two O(N²) passes per step, explicit Euler in time.
 */
import { ConfigError } from "../core/errors.js";
import type { Energy, InternalTerm } from "../energies/types.js";
import { transportVelocity } from "../energies/velocity.js";
import type { Particles } from "../measures/types.js";
import { type ParticleState, advance, initialParticles } from "./particleState.js";
import type { Scheme } from "./types.js";

export interface BlobOptions {
  dt: number;
  n?: number;
  /** Variance ε of the mollifier: of the order of the squared particle spacing. */
  epsilon: number;
}

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

export function blob(options: BlobOptions): Scheme<ParticleState> {
  const { dt, n = 500, epsilon } = options;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new ConfigError(`blob: dt must be > 0, got ${dt}`);
  if (!(epsilon > 0) || !Number.isFinite(epsilon))
    throw new ConfigError(
      `blob: the mollifier variance epsilon must be > 0, got ${epsilon}`,
      "use about the squared particle spacing, e.g. (4σ̂)²·N^{−2/(d+4)}",
    );
  return {
    name: "blob",
    dt,
    stochastic: false,
    unsupported: () => undefined,
    init: (problem, k) => initialParticles(problem, n, k),
    step(state, { problem, dt: h }) {
      const p = state.measure;
      const v = transportVelocity(problem.energy, p);
      const internals = problem.energy.terms.filter(
        (t): t is InternalTerm => t.type === "internal",
      );
      if (internals.length) blobVelocity(p, internals, epsilon, v);
      const x = new Float64Array(p.x.length);
      for (let i = 0; i < x.length; i++) x[i] = p.x[i] + h * v[i];
      return advance(state, x, h);
    },
    energy: (state, problem) => blobEnergy(problem.energy, state.measure, epsilon),
    divergenceAdvice: (h) =>
      `the blob scheme is explicit; its stiffness grows like 1/ε: try dt ≤ ${(h / 4).toPrecision(2)} or a larger epsilon`,
  };
}
