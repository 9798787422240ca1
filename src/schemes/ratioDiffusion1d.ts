/**
 * ∂tρ = ∂x(μ g(r) ∂x r), r = ρ/μ, on a 1D grid: the Wasserstein flow of an f-divergence
 * D_f(ρ ‖ μ) = ∫f(ρ/μ)dμ with mobility g(r) = r f″(r) (g ≡ 1 is Fokker–Planck). Finite volumes on
 * r with face fluxes −√(μ_iμ_{i+1}) g(r̄)(r_{i+1} − r_i)/Δx, r̄ the face average: exact at r ≡ 1,
 * positive, and (by the parabolic maximum principle) keeping min r and max r within their
 * start. Explicit sub-steps under the diffusive bound.
 */
export interface RatioGrid {
  /** μ at the cell centres (any positive scale). */
  readonly mu: Float64Array;
  /** √(μ_i μ_{i+1}) at the inner faces. */
  readonly face: Float64Array;
  readonly cell: number;
}

export function ratioGrid(mu: Float64Array, cell: number): RatioGrid {
  return {
    mu,
    face: Float64Array.from({ length: mu.length - 1 }, (_, i) => Math.sqrt(mu[i] * mu[i + 1])),
    cell,
  };
}

/** ρ after time h under the flow with mobility g (default 1: Fokker–Planck). */
export function ratioDiffusion(
  grid: RatioGrid,
  rho: Float64Array,
  h: number,
  mobility: (r: number) => number = () => 1,
): Float64Array {
  const { mu, face, cell } = grid;
  const n = mu.length;
  let r = Float64Array.from(rho, (v, i) => v / mu[i]);
  const next = new Float64Array(n);
  const flux = new Float64Array(n - 1);
  let t = 0;
  while (t < h) {
    let bound = Infinity;
    for (let i = 0; i < n - 1; i++) {
      const g = face[i] * mobility(0.5 * (r[i] + r[i + 1]));
      flux[i] = g * (r[i + 1] - r[i]);
      // Each face may take at most ~a quarter of the smaller neighbour's diffusive budget.
      bound = Math.min(bound, (Math.min(mu[i], mu[i + 1]) * cell * cell) / (2.2 * g || 1e-300));
    }
    const k = Math.min(h - t, bound);
    for (let i = 0; i < n; i++) {
      const inflow = (i < n - 1 ? flux[i] : 0) - (i > 0 ? flux[i - 1] : 0);
      next[i] = r[i] + (k / (cell * cell * mu[i])) * inflow;
    }
    r = Float64Array.from(next);
    t += k;
  }
  return Float64Array.from(r, (v, i) => v * mu[i]);
}
