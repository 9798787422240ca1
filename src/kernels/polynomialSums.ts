/**
 * Exact O(N·d²) interaction velocities for the polynomial kernels, by moments: for
 * ∇W(δ) = (|δ|² − 1)δ (ring) and ∇W(δ) = δ (quadratic), with δ = y − z_j,
 *   Σ_j w_j δ = W₀y − S₁,
 *   Σ_j w_j |δ|²δ = W₀|y|²y − |y|²S₁ − 2(y·S₁)y + 2My + S₂y − T₃,
 * where W₀ = Σw_j, S₁ = Σw_j z_j, M = Σw_j z_j z_jᵀ, S₂ = Σw_j|z_j|², T₃ = Σw_j|z_j|²z_j.
 * The j = i term is δ = 0 and adds nothing, so no exclusion is needed. Coordinates are
 * centred first (W is translation invariant), which keeps the cancellation between the
 * moment terms at the scale of the cloud rather than of its distance from the origin.
 */
import type { Particles } from "../measures/types.js";

/** The weights, their total and the points less their weighted centre (W is translation invariant). */
function centred(p: Particles) {
  const { n, d, x, weights } = p;
  const w = (j: number) => (weights ? weights[j] : 1 / n);
  const centre = new Float64Array(d);
  let w0 = 0;
  for (let j = 0; j < n; j++) {
    w0 += w(j);
    for (let a = 0; a < d; a++) centre[a] += w(j) * x[j * d + a];
  }
  for (let a = 0; a < d; a++) centre[a] /= w0;
  const z = new Float64Array(n * d);
  for (let j = 0; j < n; j++) for (let a = 0; a < d; a++) z[j * d + a] = x[j * d + a] - centre[a];
  return { w, w0, z };
}

/** out_i −= scale·Σ_j w_j ∇W(x_i − x_j) for W the ring (|x|⁴/4 − |x|²/2) or quadratic (|x|²/2) kernel. */
export function polynomialVelocity(
  kind: "ring" | "quadratic",
  p: Particles,
  out: Float64Array,
  scale: number,
): Float64Array {
  const { n, d } = p;
  const { w, w0, z } = centred(p);
  const s1 = new Float64Array(d);
  const m = new Float64Array(d * d);
  const t3 = new Float64Array(d);
  let s2 = 0;
  for (let j = 0; j < n; j++) {
    const wj = w(j);
    let r2 = 0;
    for (let a = 0; a < d; a++) r2 += z[j * d + a] ** 2;
    s2 += wj * r2;
    for (let a = 0; a < d; a++) {
      const za = z[j * d + a];
      s1[a] += wj * za;
      t3[a] += wj * r2 * za;
      for (let b = 0; b < d; b++) m[a * d + b] += wj * za * z[j * d + b];
    }
  }
  const my = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const y = z.subarray(i * d, (i + 1) * d);
    let y2 = 0;
    let ys1 = 0;
    for (let a = 0; a < d; a++) {
      y2 += y[a] * y[a];
      ys1 += y[a] * s1[a];
      let s = 0;
      for (let b = 0; b < d; b++) s += m[a * d + b] * y[b];
      my[a] = s;
    }
    for (let a = 0; a < d; a++) {
      const linear = w0 * y[a] - s1[a];
      const cubic = w0 * y2 * y[a] - y2 * s1[a] - 2 * ys1 * y[a] + 2 * my[a] + s2 * y[a] - t3[a];
      out[i * d + a] -= scale * (kind === "ring" ? cubic - linear : linear);
    }
  }
  return out;
}

/**
 * ½ Σ_{i,j} w_i w_j W(x_i − x_j) for the ring and quadratic kernels, exactly in O(N·d²). With
 * centred points (S₁ = 0): Σ_{ij} w_i w_j |δ|² = 2W₀S₂ and
 * Σ_{ij} w_i w_j |δ|⁴ = 2W₀Q₄ + 4 tr(M²) + 2S₂², Q₄ = Σw_j|z_j|⁴. W(0) = 0 for both kernels, so
 * this equals the sum that leaves the diagonal out.
 */
export function polynomialEnergy(kind: "ring" | "quadratic", p: Particles): number {
  const { n, d } = p;
  const { w, w0, z: points } = centred(p);
  const m = new Float64Array(d * d);
  let s2 = 0;
  let q4 = 0;
  const z = new Float64Array(d);
  for (let j = 0; j < n; j++) {
    const wj = w(j);
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      z[a] = points[j * d + a];
      r2 += z[a] * z[a];
    }
    s2 += wj * r2;
    q4 += wj * r2 * r2;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) m[a * d + b] += wj * z[a] * z[b];
  }
  let trM2 = 0;
  for (let a = 0; a < d * d; a++) trM2 += m[a] * m[a]; // M symmetric: tr(M²) = Σ M_ab²
  const second = 2 * w0 * s2;
  if (kind === "quadratic") return 0.5 * 0.5 * second;
  const fourth = 2 * w0 * q4 + 4 * trM2 + 2 * s2 * s2;
  return 0.5 * (fourth / 4 - second / 2);
}
