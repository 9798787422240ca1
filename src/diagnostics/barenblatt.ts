/**
 * Barenblatt profiles of the 1D porous medium equation ∂tρ = κ (ρ^m)'' (κ = 1 is the
 * PDE; a probability solver for mass M uses κ = M^{m−1}), and the exact JKO iterates.
 *
 * Unit-mass profile B(y) = (A − β y²)₊^{1/(m−1)}, β = (m−1)/(2m(m+1)) (1D, α = 1/(m+1)).
 * The PDE solution of mass one is ρ(t, x) = s(t)⁻¹ B(x/s(t)) with s(t) = (κ(t + t₀))^α.
 * The JKO step keeps the family B_s = s⁻¹B(·/s): its first variation has a linear
 * gradient on the support, so the optimal map is linear and the step reduces to the
 * scalar problem  min_{s'} M₂(B)(s' − s)²/(2τ) + κ E(B) s'^{1−m},  E(B) = ∫B^m/(m−1).
 */
import { ConfigError } from "../core/errors.js";
import { beta, logGamma } from "../core/special.js";
import { type Density1d, tabulateDensity } from "./density1d.js";

export interface Barenblatt {
  m: number;
  /** The unit-mass profile's constants. */
  A: number;
  beta: number;
  /** Half-width of the support of B: √(A/β). */
  radius: number;
  /** ∫ y² B(y) dy and ∫ B^m/(m − 1). */
  secondMoment: number;
  energy: number;
  profile(y: number): number;
  /** B tabulated for quantiles and W2. */
  table: Density1d;
}

export function barenblatt(m: number): Barenblatt {
  if (!(m > 1)) throw new ConfigError(`the porous medium needs m > 1, got ${m}`);
  const p = 1 / (m - 1);
  const b = (m - 1) / (2 * m * (m + 1));
  // ∫ (A − βy²)₊^p dy = A^{p+½} β^{−½} B(½, p + 1) = 1 fixes A.
  const A = (Math.sqrt(b) / beta(0.5, p + 1)) ** (1 / (p + 0.5));
  const radius = Math.sqrt(A / b);
  const secondMoment = A ** (p + 1.5) * b ** -1.5 * beta(1.5, p + 1);
  const energy = (A ** (p * m + 0.5) * b ** -0.5 * beta(0.5, p * m + 1)) / (m - 1);
  const profile = (y: number): number => Math.max(0, A - b * y * y) ** p;
  const table = tabulateDensity(
    (y) => Math.log(Math.max(1e-300, profile(y))),
    -radius,
    radius,
    200_000,
  );
  return { m, A, beta: b, radius, secondMoment, energy, profile, table };
}

/** Scale of the PDE solution at time t: s(t) = (κ(t + t₀))^{1/(m+1)}. */
export function barenblattScale(m: number, t: number, t0: number, kappa = 1): number {
  return (kappa * (t + t0)) ** (1 / (m + 1));
}

/** The exact JKO step within the family: solves M₂(s' − s)/τ = κ(m − 1)E s'^{−m} by Newton. */
export function barenblattJkoScale(b: Barenblatt, s: number, tau: number, kappa = 1): number {
  const c = (tau * kappa * (b.m - 1) * b.energy) / b.secondMoment;
  // g(s') = s' − s − c s'^{−m} is increasing and concave; Newton from s' = s rises monotonically.
  let x = s;
  for (let it = 0; it < 100; it++) {
    const g = x - s - c * x ** -b.m;
    const dg = 1 + c * b.m * x ** (-b.m - 1);
    const next = x - g / dg;
    if (Math.abs(next - x) <= 1e-15 * x) return next;
    x = next;
  }
  return x;
}

/**
 * The unit-mass Barenblatt solution of ∂tρ = Δρ^m in d dimensions (the source solution from
 * a Dirac at t = 0): ρ(t, x) = t^{−α}(C − k|x|² t^{−2α/d})₊^{1/(m−1)}, α = d/(d(m−1)+2),
 * k = α(m−1)/(2md), C from ∫(C − k|x|²)₊^p dx = C^{p+d/2} (π/k)^{d/2} Γ(p+1)/Γ(p+1+d/2) = 1.
 * F = κ∫ρ^m/(m−1) flows by ∂tρ = κΔρ^m: evaluate at κt.
 */
export function barenblattSolution(
  d: number,
  m: number,
): (t: number, x: ArrayLike<number>) => number {
  if (!(m > 1)) throw new ConfigError(`the porous medium needs m > 1, got ${m}`);
  const p = 1 / (m - 1);
  const alpha = d / (d * (m - 1) + 2);
  const k = (alpha * (m - 1)) / (2 * m * d);
  const logC =
    -((d / 2) * Math.log(Math.PI / k) + logGamma(p + 1) - logGamma(p + 1 + d / 2)) / (p + d / 2);
  const C = Math.exp(logC);
  return (t, x) => {
    let r2 = 0;
    for (let i = 0; i < d; i++) r2 += x[i] * x[i];
    return t ** -alpha * Math.max(0, C - k * r2 * t ** ((-2 * alpha) / d)) ** p;
  };
}

/**
 * The exact geodesic-extrapolation (midpoint) step within the family: the half step's map is
 * linear, y ↦ (s½/s)y, so (2T − Id) scales by 2s½/s − 1 and s′ = 2s½ − s, s½ the JKO scale
 * of step τ/2. Positive (a monotone map) while s½ > s/2.
 */
export function barenblattMidpointScale(b: Barenblatt, s: number, tau: number, kappa = 1): number {
  return 2 * barenblattJkoScale(b, s, tau / 2, kappa) - s;
}

/**
 * The exact BDF2 step within the family, from scale s with sPrev one step (of length tauPrev)
 * before: with ω = τ/τPrev it minimises M₂[α(s′ − s)² − β(s′ − sPrev)²] + κE s′^{1−m}, a JKO
 * scale step of length τ(1 + ω)/(1 + 2ω) from ((1 + ω)²s − ω²sPrev)/(1 + 2ω) (ouBdf2Step
 * has the weights).
 */
export function barenblattBdf2Scale(
  b: Barenblatt,
  s: number,
  sPrev: number,
  tau: number,
  tauPrev = tau,
  kappa = 1,
): number {
  const w = tau / tauPrev;
  const from = ((1 + w) ** 2 * s - w * w * sPrev) / (1 + 2 * w);
  return barenblattJkoScale(b, from, (tau * (1 + w)) / (1 + 2 * w), kappa);
}
