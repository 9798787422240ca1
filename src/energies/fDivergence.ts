/**
 * The f-divergences D_f(ρ ‖ μ) = ∫ f(ρ/μ) dμ of seed 003 and what their W2 flows need: the
 * velocity is −∇f′(r) = −g(r)∇log r with r = ρ/μ and the mobility g(r) = r f″(r),
 *   KL r log r: g = 1;  χ² (r − 1)²: g = 2r;  Hellinger (√r − 1)²: g = ½r^{−1/2};
 *   reverse KL −log r: g = 1/r.
 */
import type { FDivergence } from "./types.js";

/** g(r) = r f″(r), from log r (r spans many decades). */
export function mobility(f: FDivergence, logR: number): number {
  switch (f) {
    case "kl":
      return 1;
    case "chi2":
      return 2 * Math.exp(logR);
    case "hellinger":
      return 0.5 * Math.exp(-0.5 * logR);
    case "reverse-kl":
      return Math.exp(-logR);
  }
}

/**
 * f(ρ/μ)·μ from log ρ and log μ, without forming r (which over- or underflows in the tails):
 * KL ρ log r − ρ + μ; χ² ρ²/μ − 2ρ + μ; Hellinger ρ − 2√(ρμ) + μ; reverse KL −μ log r + ρ − μ.
 */
export function fTimesMu(f: FDivergence, logRho: number, logMu: number): number {
  const rho = Math.exp(logRho);
  const mu = Math.exp(logMu);
  switch (f) {
    case "kl":
      return rho * (logRho - logMu) - rho + mu;
    case "chi2":
      return Math.exp(2 * logRho - logMu) - 2 * rho + mu;
    case "hellinger":
      return rho - 2 * Math.exp(0.5 * (logRho + logMu)) + mu;
    case "reverse-kl":
      return mu * (logMu - logRho) + rho - mu;
  }
}
