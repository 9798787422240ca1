/**
 * Score estimates ∇log ρ at particles, for schemes that need the internal energy's velocity
 * −∇U'(ρ) = −U''(ρ)∇ρ from particles alone.
 */
import { ConfigError } from "../core/errors.js";
import { silvermanBandwidth } from "../measures/convert.js";
import type { Particles } from "../measures/types.js";
import { gaussianPointScale, pairSums } from "../kernels/pairSums.js";

export interface ScoreEstimate {
  /** ∇log ρ at each particle, N×d row-major. */
  readonly score: Float64Array;
  /** ρ at each particle. */
  readonly density: Float64Array;
}

/**
 * The isotropic bandwidth: a positive number, or "silverman" (the geometric mean of the
 * per-axis rule-of-thumb widths).
 */
export function resolveBandwidth(p: Particles, bandwidth: number | "silverman"): number {
  if (bandwidth === "silverman") {
    const widths = silvermanBandwidth(p);
    return Math.exp(widths.reduce((s, h) => s + Math.log(h), 0) / widths.length);
  }
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth))
    throw new ConfigError(
      `the kernel bandwidth must be > 0, got ${bandwidth}`,
      'use a positive width or "silverman"',
    );
  return bandwidth;
}

/**
 * The score of the Gaussian KDE ρ̂ = Σ_j w_j N(x_j, h²I) at the particles themselves:
 * ∇log ρ̂(x_i) = Σ_j K_ij (x_j − x_i)/h² / Σ_j K_ij. Unweighted particles in d ≤ 3 take the
 * WebAssembly pair sum (kernels/pairSums.ts), the rest the reference loop.
 */
export function kdeScore(p: Particles, h: number): ScoreEstimate {
  if (!(h > 0)) throw new ConfigError(`the kernel bandwidth must be > 0, got ${h}`);
  if (!p.weights) {
    // WebAssembly pair sum on x/(√2h): K = e^{−r²}, out = Σ_{j≠i} K (x_i − x_j) (scaled).
    const { n, d } = p;
    const s = Math.SQRT2 * h;
    const fast = pairSums("kde", p.x, n, d, gaussianPointScale(h));
    if (fast) {
      const score = new Float64Array(n * d);
      const density = new Float64Array(n);
      const norm = (2 * Math.PI * h * h) ** (-d / 2);
      for (let i = 0; i < n; i++) {
        const total = fast.sums[i] + 1; // the j = i term, K = 1
        density[i] = (total / n) * norm;
        for (let a = 0; a < d; a++) score[i * d + a] = (-fast.out[a * n + i] * s) / (total * h * h);
      }
      return { score, density };
    }
  }
  return kdeScoreReference(p, h);
}

/** The reference O(N²·d) loop of kdeScore, weights included. */
export function kdeScoreReference(p: Particles, h: number): ScoreEstimate {
  const { n, d, x, weights } = p;
  const score = new Float64Array(n * d);
  const density = new Float64Array(n);
  const inv = 1 / (2 * h * h);
  const norm = (2 * Math.PI * h * h) ** (-d / 2);
  const acc = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    acc.fill(0);
    let sum = 0;
    for (let j = 0; j < n; j++) {
      let r2 = 0;
      for (let a = 0; a < d; a++) r2 += (x[i * d + a] - x[j * d + a]) ** 2;
      const k = (weights ? weights[j] : 1 / n) * Math.exp(-r2 * inv);
      sum += k;
      for (let a = 0; a < d; a++) acc[a] += k * (x[j * d + a] - x[i * d + a]);
    }
    density[i] = sum * norm;
    for (let a = 0; a < d; a++) score[i * d + a] = acc[a] / (sum * h * h);
  }
  return { score, density };
}
