/**
 * What F is, declared once. An energy is a weighted sum of terms of three kinds:
 *   potential    ∫ V dρ
 *   interaction  ½ ∬ W(x − y) dρ(x) dρ(y)        (note the ½: velocity −∇W∗ρ)
 *   internal     ∫ U(ρ(x)) dx                    (entropy ρ log ρ, porous ρ^m/(m−1))
 * Schemes read the terms they support; evaluation lives in evaluate.ts.
 */

export interface PotentialTerm {
  readonly type: "potential";
  readonly name: string;
  readonly scale: number;
  /** Required dimension, when the potential has one (e.g. a matrix A). */
  readonly dim?: number;
  value(x: Float64Array): number;
  /** Writes ∇V(x) into out. */
  grad(x: Float64Array, out: Float64Array): void;
}

/** A radial kernel W(x) = w(|x|²) with ∇W(x) = c(|x|²) · x. */
export interface RadialKernel {
  readonly name: string;
  w(r2: number): number;
  c(r2: number): number;
  /** True when W or ∇W is not defined at 0: pairs j = i are skipped and coincident points are an error. */
  readonly singularAtZero: boolean;
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

export type EnergyTerm = PotentialTerm | InteractionTerm | InternalTerm;

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
