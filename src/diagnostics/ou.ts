/**
 * The Ornstein–Uhlenbeck flow of KL(ρ ‖ N(b, A⁻¹)): dX = −A(X − b)dt + √2 dW.
 * From N(m0, S0): μ_t = b + e^{−At}(m0 − b), Σ_t = A⁻¹(I − e^{−2At}) + e^{−At} S0 e^{−At}.
 */
import { inverseSpd, symmetricFunction } from "../core/linalg.js";
import { type Matrix, axpby, identity, matmul, matvec, symmetrize } from "../core/matrix.js";
import { gaussian } from "../measures/construct.js";
import type { Gaussian } from "../measures/types.js";

export function ouLaw(
  A: Matrix,
  b: Float64Array,
  initial: Pick<Gaussian, "mean" | "cov">,
  t: number,
): Gaussian {
  const decay = symmetricFunction(A, (l) => Math.exp(-l * t));
  const shift = Float64Array.from(initial.mean, (m, i) => m - b[i]);
  const mean = Float64Array.from(matvec(decay, shift), (v, i) => v + b[i]);
  const relax = symmetricFunction(A, (l) => -Math.expm1(-2 * l * t) / l);
  const cov = axpby(relax, 1, matmul(matmul(decay, initial.cov), decay), 1);
  return gaussian({ mean, cov: symmetrize(cov) });
}

/**
 * The exact law of Euler–Maruyama with step h after k steps (a Gaussian too):
 * m ← (I − hA)m + hAb,  S ← (I − hA) S (I − hA)ᵀ + 2hI.
 */
export function ouEulerMaruyamaLaw(
  A: Matrix,
  b: Float64Array,
  initial: Pick<Gaussian, "mean" | "cov">,
  h: number,
  steps: number,
): Gaussian {
  const d = b.length;
  const m = axpby(identity(d), 1, A, -h);
  const shift = matvec(A, b);
  let mean = Float64Array.from(initial.mean);
  let cov = initial.cov;
  for (let k = 0; k < steps; k++) {
    const mm = matvec(m, mean);
    mean = Float64Array.from(mm, (v, i) => v + h * shift[i]);
    cov = axpby(matmul(matmul(m, cov), m), 1, identity(d), 2 * h);
  }
  return gaussian({ mean, cov: symmetrize(cov) });
}

/** The stationary law N(b, A⁻¹). */
export function ouStationary(A: Matrix, b: Float64Array): Gaussian {
  return gaussian({ mean: b, cov: inverseSpd(A) });
}
