/**
 * Potentials made of target samples, V(y) = Σ_l w_l φ(|y − x_l|²): the attraction of the MMD
 * and energy-distance flows. The closures are the reference; for the Gaussian and the distance
 * over unweighted samples in d ≤ 3, the velocity and the values at all particles at once run
 * as WebAssembly sums over the samples (kernels/pairSums.ts crossSums), tested against them.
 */
import type { Particles } from "../measures/types.js";
import { crossSums, gaussianPointScale } from "../kernels/pairSums.js";
import type { PotentialTerm, SampleSum } from "./types.js";

/**
 * The potential of target samples for a radial φ, with ∇V(y) = Σ_l w_l 2φ'(r²)(y − x_l).
 * `slope` is 2φ'; pairs at r² = 0 are skipped in the gradient when it is not finite there.
 * `sum` declares V for the batched evaluators below (the samples must be unweighted).
 */
export function samplePotential(
  target: Particles,
  name: string,
  phi: (r2: number) => number,
  slope: (r2: number) => number,
  sum?: { kernel: "gaussian"; width: number } | { kernel: "distance" },
): PotentialTerm {
  const { n, d, x, weights } = target;
  const wOf = (l: number) => (weights ? weights[l] : 1 / n);
  const r2At = (y: Float64Array, l: number) => {
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += (y[a] - x[l * d + a]) ** 2;
    return r2;
  };
  return {
    type: "potential",
    name,
    scale: 1,
    dim: d,
    samples: sum && !weights ? { ...sum, points: target } : undefined,
    value(y) {
      let s = 0;
      for (let l = 0; l < n; l++) s += wOf(l) * phi(r2At(y, l));
      return s;
    },
    grad(y, out) {
      out.fill(0);
      for (let l = 0; l < n; l++) {
        const k = wOf(l) * slope(r2At(y, l));
        if (!Number.isFinite(k)) continue;
        for (let a = 0; a < d; a++) out[a] += k * (y[a] - x[l * d + a]);
      }
    },
  };
}

/**
 * The sums behind V: for the Gaussian of width s, e^{−r²} on the points scaled by 1/(√2 s),
 * so V = −(1/m)Σ k and ∇V = (2/(√2 s m)) Σ k (u − u_l); for the distance, V = (1/m)Σ r and
 * ∇V = (1/m) Σ (y − x_l)/r.
 */
function sums(s: SampleSum, p: Particles, gradient: boolean) {
  const root = s.kernel === "gaussian" ? gaussianPointScale(s.width) : 1;
  const m = s.points.n;
  const r = crossSums(
    s.kernel === "gaussian" ? "gauss" : "distance",
    p.x,
    p.n,
    s.points.x,
    m,
    p.d,
    { scale: root, gradient },
  );
  if (!r) return null;
  return {
    ...r,
    valueFactor: (s.kernel === "gaussian" ? -1 : 1) / m,
    gradientFactor: (s.kernel === "gaussian" ? 2 * root : 1) / m,
  };
}

/** Adds −scale·∇V(x_i) to v for every particle; false (v untouched) when the sums cannot run. */
export function addSampleVelocity(t: PotentialTerm, p: Particles, v: Float64Array): boolean {
  const r = t.samples && sums(t.samples, p, true);
  if (!r?.out) return false;
  const { n, d } = p;
  const factor = t.scale * r.gradientFactor;
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) v[i * d + a] -= factor * r.out[a * n + i];
  return true;
}

/** V(x_i) for every particle, or null when the sums cannot run. */
export function sampleValues(t: PotentialTerm, p: Particles): Float64Array | null {
  const r = t.samples && sums(t.samples, p, false);
  if (!r) return null;
  return r.sums.map((k) => r.valueFactor * k);
}
