/**
 * What F is, declared once. An energy is a weighted sum of terms of three kinds:
 *   potential    ∫ V dρ
 *   interaction  ½ ∬ W(x − y) dρ(x) dρ(y)        (note the ½: velocity −∇W∗ρ)
 *   internal     ∫ U(ρ(x)) dx                    (entropy ρ log ρ, porous ρ^m/(m−1))
 * and of problem terms, which carry the data of a functional that only a scheme made for it
 * evaluates (a discrepancy to target samples, an f-divergence, a network's risk, the entropy
 * on a graph, a mean-field game's costs). Schemes read them through energyParts (parts.ts);
 * evaluation lives in evaluate.ts.
 */
import type { Graph } from "../graph/graph.js";
import type { Particles } from "../measures/types.js";

export interface PotentialTerm {
  readonly type: "potential";
  readonly name: string;
  readonly scale: number;
  /** Required dimension, when the potential has one (e.g. a matrix A). */
  readonly dim?: number;
  value(x: Float64Array): number;
  /** Writes ∇V(x) into out. */
  grad(x: Float64Array, out: Float64Array): void;
  /**
   * Set when V(x) = ½(x − b)ᵀA(x − b) (A symmetric, row-major): batched evaluators may use A
   * and b instead of the closures, for the same numbers.
   */
  readonly quadratic?: { readonly A: Float64Array; readonly b: Float64Array };
  /** Set when V is a sum over samples (samplePotential.ts): batched evaluators may use it. */
  readonly samples?: SampleSum;
}

/**
 * V(y) = (1/m) Σ_l φ(|y − x_l|²) over m unweighted samples x_l, with φ(r²) = −e^{−r²/(2s²)}
 * (kernel "gaussian", width s) or φ(r²) = r (kernel "distance").
 */
export type SampleSum = { readonly points: Particles } & (
  { readonly kernel: "gaussian"; readonly width: number } | { readonly kernel: "distance" }
);

/** A radial kernel W(x) = w(|x|²) with ∇W(x) = c(|x|²) · x. */
export interface RadialKernel {
  readonly name: string;
  w(r2: number): number;
  c(r2: number): number;
  /** True when W or ∇W is not defined at 0: pairs j = i are skipped and coincident points are an error. */
  readonly singularAtZero: boolean;
  /**
   * s when W(x) = e^{−|x|²/(2s²)} (the MMD's Gaussian kernel): the pair sums then run in
   * WebAssembly on the points scaled by 1/(√2 s), where W is e^{−r²}.
   */
  readonly gaussianWidth?: number;
}

export interface InteractionTerm {
  readonly type: "interaction";
  readonly name: string;
  readonly scale: number;
  readonly kernel: RadialKernel;
}

export interface InternalTerm {
  readonly type: "internal";
  readonly name: "entropy" | "porous";
  readonly scale: number;
  /** Exponent of the porous medium U(ρ) = ρ^m/(m−1); absent for the entropy. */
  readonly m?: number;
  u(rho: number): number;
}

/** The discrepancy geometries of seed 004: ½W2², ½MMD², ½ Sinkhorn divergence, and the drifting field. */
export const discrepancyGeometries = ["ot", "mmd", "sinkhorn", "drifting"] as const;
export type DiscrepancyGeometry = (typeof discrepancyGeometries)[number];

/** A discrepancy to target samples ν, with one smoothing length σ (kernel width, ε = σ²). */
export interface DiscrepancyTerm {
  readonly type: "discrepancy";
  readonly name: string;
  readonly scale: number;
  readonly geometry: DiscrepancyGeometry;
  readonly target: Particles;
  readonly smoothing: number;
}

export const fDivergences = ["kl", "chi2", "hellinger", "reverse-kl"] as const;
export type FDivergence = (typeof fDivergences)[number];

/** D_f(ρ ‖ μ) = ∫ f(ρ/μ) dμ towards a normalised 1D density μ. */
export interface FDivergenceTerm {
  readonly type: "f-divergence";
  readonly name: string;
  readonly scale: number;
  readonly divergence: FDivergence;
  logTarget(x: number): number;
  gradLogTarget(x: number): number;
}

/** The population risk of a two-layer ReLU network, neurons (w1, w2, a), against a teacher. */
export interface NetworkRiskTerm {
  readonly type: "network-risk";
  readonly name: string;
  readonly scale: number;
  /** Unit teacher directions w*_k, row-major m×2. */
  readonly directions: Float64Array;
  /** Whether the outer weights a move (2-homogeneous) or stay fixed (1-homogeneous). */
  readonly trainOuter: boolean;
}

/** The relative entropy to the uniform law on a graph's nodes (Maas's metric moves it). */
export interface GraphEntropyTerm {
  readonly type: "graph-entropy";
  readonly name: string;
  readonly scale: number;
  readonly graph: Graph;
}

/** The costs of a linear–quadratic mean-field game on a line (seed 002 §7). */
export interface GameTerm {
  readonly type: "game";
  readonly name: string;
  readonly scale: number;
  readonly q: number;
  readonly s: number;
  readonly c: number;
  readonly horizon: number;
  readonly steps: number;
}

export type ProblemTerm =
  DiscrepancyTerm | FDivergenceTerm | NetworkRiskTerm | GraphEntropyTerm | GameTerm;

export type EnergyTerm = PotentialTerm | InteractionTerm | InternalTerm | ProblemTerm;

export interface Energy {
  readonly terms: readonly EnergyTerm[];
}

/** Coefficient σ of the entropy σ ∫ρ log ρ in F (0 when absent): the temperature of Langevin dynamics. */
export function entropyCoefficient(f: Energy): number {
  return f.terms.reduce(
    (s, t) => (t.type === "internal" && t.name === "entropy" ? s + t.scale : s),
    0,
  );
}
