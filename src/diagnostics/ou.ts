/**
 * The Ornstein–Uhlenbeck flow of KL(ρ ‖ N(b, A⁻¹)): dX = −A(X − b)dt + √2 dW.
 * From N(m0, S0): μ_t = b + e^{−At}(m0 − b), Σ_t = A⁻¹(I − e^{−2At}) + e^{−At} S0 e^{−At}.
 */
import { NumericalError } from "../core/errors.js";
import { cholesky, choleskySolve, inverseSpd, symmetricFunction } from "../core/linalg.js";
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

/**
 * One exact JKO step of size a for KL(· ‖ N(b, A⁻¹)) (V = ½(x − b)ᵀA(x − b) plus the entropy)
 * from a Gaussian: the iterate is Gaussian, N(m′, P). Its optimal map back to the start is
 * T(y) = y + a∇δF/δρ′(y) = My + c with M = I + aA − aP⁻¹ (symmetric), so the means give
 * m′ = (I + aA)⁻¹(m + aAb) and the covariances M P M = Σ, solved by the fixed point
 * P ← M(P)⁻¹ Σ M(P)⁻¹ (a contraction for the steps of interest; checked to 1e-14).
 */
export function ouJkoStep(
  A: Matrix,
  b: Float64Array,
  a: number,
  g: Pick<Gaussian, "mean" | "cov">,
): Gaussian {
  const d = b.length;
  const I = identity(d);
  const IaA = axpby(I, 1, A, a);
  const meanShift = Float64Array.from(g.mean, (m, i) => m + a * matvec(A, b)[i]);
  const mean = choleskySolve(cholesky(IaA), meanShift);
  let P = symmetrize(g.cov);
  for (let iteration = 0; iteration < 500; iteration++) {
    const M = symmetrize(axpby(IaA, 1, inverseSpd(P), -a));
    const Minv = inverseSpd(M);
    const next = symmetrize(matmul(matmul(Minv, g.cov), Minv));
    let change = 0;
    for (let k = 0; k < next.data.length; k++)
      change = Math.max(change, Math.abs(next.data[k] - P.data[k]));
    P = next;
    if (change < 1e-14 * (1 + Math.max(...P.data.map(Math.abs)))) return gaussian({ mean, cov: P });
  }
  throw new NumericalError("the exact Gaussian JKO step did not converge; use a smaller step");
}
