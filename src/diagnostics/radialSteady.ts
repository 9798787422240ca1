/**
 * The radial steady state of 2D aggregation–diffusion, ∂tρ = ∇·(ρ∇(W∗ρ)) + κΔρ^m with
 * W(x) = −e^{−|x|²}/π, computed independently of any 2D grid: on the support,
 * κ m/(m−1) ρ^{m−1} + W∗ρ = C, with the radial convolution in closed form,
 *   (W∗ρ)(r) = −2 ∫₀^∞ ρ(s) s e^{−(r−s)²} Ĩ₀(2rs) ds,   Ĩ₀(x) = e^{−x} I₀(x),
 * and C fixed by the mass. Damped fixed-point iteration on a fine radial grid.
 */
import { NumericalError } from "../core/errors.js";

/** e^{−x} I₀(x) for x ≥ 0: power series below 20, the asymptotic expansion above. */
export function besselI0Scaled(x: number): number {
  if (x < 20) {
    let term = 1;
    let sum = 1;
    const q = (x * x) / 4;
    for (let k = 1; k < 200 && term > 1e-17 * sum; k++) {
      term *= q / (k * k);
      sum += term;
    }
    return sum * Math.exp(-x);
  }
  const inv = 1 / x;
  return (
    (1 + inv / 8 + (9 * inv * inv) / 128 + (225 * inv * inv * inv) / 3072) /
    Math.sqrt(2 * Math.PI * x)
  );
}

export interface RadialProfile {
  r: Float64Array;
  rho: Float64Array;
  iterations: number;
}

export function radialSteadyState(options: {
  kappa: number;
  m: number;
  mass?: number;
  radius?: number;
  cells?: number;
}): RadialProfile {
  const { kappa, m, mass = 1, radius = 4, cells = 800 } = options;
  const dr = radius / cells;
  const r = Float64Array.from({ length: cells }, (_, j) => (j + 0.5) * dr);
  // Kernel matrix K_ij = −2 s_j e^{−(r_i−s_j)²} Ĩ₀(2 r_i s_j) dr.
  const K = new Float64Array(cells * cells);
  for (let i = 0; i < cells; i++)
    for (let j = 0; j < cells; j++)
      K[i * cells + j] =
        -2 * r[j] * Math.exp(-((r[i] - r[j]) ** 2)) * besselI0Scaled(2 * r[i] * r[j]) * dr;
  const coef = (kappa * m) / (m - 1);
  const p = 1 / (m - 1);
  const rho = Float64Array.from(r, (x) => Math.exp(-x * x) / Math.PI);
  const phi = new Float64Array(cells);
  const massOf = (f: Float64Array) => f.reduce((s, v, j) => s + 2 * Math.PI * v * r[j] * dr, 0);
  for (let it = 1; it <= 5000; it++) {
    for (let i = 0; i < cells; i++) {
      let s = 0;
      for (let j = 0; j < cells; j++) s += K[i * cells + j] * rho[j];
      phi[i] = s;
    }
    const profile = (C: number) => Float64Array.from(phi, (v) => Math.max(0, (C - v) / coef) ** p);
    let lo = Math.min(...phi);
    let hi = lo + 1;
    while (massOf(profile(hi)) < mass) hi = lo + 2 * (hi - lo);
    for (let k = 0; k < 200; k++) {
      const mid = 0.5 * (lo + hi);
      if (massOf(profile(mid)) < mass) lo = mid;
      else hi = mid;
    }
    const next = profile(0.5 * (lo + hi));
    let change = 0;
    for (let i = 0; i < cells; i++) {
      const v = 0.5 * (rho[i] + next[i]);
      change = Math.max(change, Math.abs(v - rho[i]));
      rho[i] = v;
    }
    if (change < 1e-12) return { r, rho, iterations: it };
  }
  throw new NumericalError("the radial steady-state iteration did not converge");
}
