/**
 * The Ornstein–Uhlenbeck flow of KL(ρ ‖ N(b, A⁻¹)): dX = −A(X − b)dt + √2 dW.
 * From N(m0, S0): μ_t = b + e^{−At}(m0 − b), Σ_t = A⁻¹(I − e^{−2At}) + e^{−At} S0 e^{−At}.
 */
import { NumericalError } from "../core/errors.js";
import {
  cholesky,
  choleskySolve,
  eigSymmetric,
  inverseSpd,
  symmetricFunction,
} from "../core/linalg.js";
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
 * m′ = (I + aA)⁻¹(m + aAb) and the covariances M P M = Σ. In closed form: the forward map
 * N = M⁻¹ (P = NΣN) solves N B N − N = aΣ⁻¹ with B = I + aA; with N = B^{−½} X B^{−½} that is
 * X² − X = aC, C = B^{½}Σ⁻¹B^{½}, whose one positive definite root is
 * X = (I + (I + 4aC)^{½})/2 (X commutes with C). Every step a > 0 has it.
 */
export function ouJkoStep(
  A: Matrix,
  b: Float64Array,
  a: number,
  g: Pick<Gaussian, "mean" | "cov">,
): Gaussian {
  const d = b.length;
  const B = axpby(identity(d), 1, A, a);
  const meanShift = Float64Array.from(g.mean, (m, i) => m + a * matvec(A, b)[i]);
  const mean = choleskySolve(cholesky(B), meanShift);
  const root = symmetricFunction(B, Math.sqrt);
  const rootInv = symmetricFunction(B, (l) => 1 / Math.sqrt(l));
  const C = symmetrize(matmul(matmul(root, inverseSpd(symmetrize(g.cov))), root));
  const X = symmetricFunction(C, (c) => (1 + Math.sqrt(1 + 4 * a * c)) / 2);
  const N = symmetrize(matmul(matmul(rootInv, X), rootInv));
  return gaussian({ mean, cov: symmetrize(matmul(matmul(N, g.cov), N)) });
}

/** The matrix of the optimal map N(·, P) → N(·, S): P^{−½}(P^{½} S P^{½})^{½} P^{−½}. */
export function gaussianMapMatrix(P: Matrix, S: Matrix): Matrix {
  const root = symmetricFunction(P, Math.sqrt);
  const rootInv = symmetricFunction(P, (l) => 1 / Math.sqrt(l));
  const middle = symmetricFunction(symmetrize(matmul(matmul(root, S), root)), Math.sqrt);
  return symmetrize(matmul(matmul(rootInv, middle), rootInv));
}

/**
 * One exact geodesic-extrapolation (implicit midpoint) step of size a (Legendre & Turinici):
 * the JKO step of size a/2 gives N(m½, P½) and the optimal map S from the start to it, the
 * inverse of the half step's map back, S = M⁻¹ with M = I + (a/2)A − (a/2)P½⁻¹ (ouJkoStep);
 * the step ends at (2S − I)#N(m, Σ) = N(2m½ − m, EΣE), E = 2M⁻¹ − I. The extrapolated map
 * stays the gradient of a convex function only while E is positive definite (every eigenvalue
 * of M below 2, i.e. (a/2)λmax(A − P½⁻¹) < 1); past that it folds, and this throws.
 */
export function ouMidpointStep(
  A: Matrix,
  b: Float64Array,
  a: number,
  g: Pick<Gaussian, "mean" | "cov">,
): Gaussian {
  const d = b.length;
  const half = ouJkoStep(A, b, a / 2, g);
  const M = symmetrize(axpby(axpby(identity(d), 1, A, a / 2), 1, inverseSpd(half.cov), -a / 2));
  const E = symmetrize(axpby(inverseSpd(M), 2, identity(d), -1));
  const smallest = Math.min(...eigSymmetric(E).values);
  if (!(smallest > 0)) {
    // E ≻ 0 ⟺ M ≺ 2I ⟺ (a/2)λmax(A − P½⁻¹) < 1: the velocity's slope bounds the step.
    const slope = Math.max(...eigSymmetric(axpby(A, 1, inverseSpd(half.cov), -1)).values);
    throw new NumericalError(
      `the extrapolated map 2S − I folds (smallest eigenvalue ${smallest.toPrecision(3)})`,
      `use a step a < 2/λmax(A − P½⁻¹) = ${(2 / slope).toPrecision(3)}`,
    );
  }
  const mean = Float64Array.from(half.mean, (m, i) => 2 * m - g.mean[i]);
  return gaussian({ mean, cov: symmetrize(matmul(matmul(E, g.cov), E)) });
}

/**
 * One exact BDF2 step (Matthes & Plazotta) from N(m_n, Σ_n) with the iterate before it,
 * N(m_{n−1}, Σ_{n−1}): the minimiser of α W2²(ρ, ρ_n) − β W2²(ρ, ρ_{n−1}) + F(ρ), with
 * ω = a/aPrev, α − β = (1 + 2ω)/(2a(1 + ω)), α/(α − β) = (1 + ω)²/(1 + 2ω) (ω = 1: α = 1/a,
 * β = 1/(4a)). Its iterate is Gaussian N(m′, P): the optimal maps to ρ_n and ρ_{n−1} are
 * linear, G = P^{−½}(P^{½}ΣP^{½})^{½}P^{−½}, and the optimality conditions read
 *   2α(I − G_n) − 2β(I − G_{n−1}) + A − P⁻¹ = 0,
 *   2α(m′ − m_n) − 2β(m′ − m_{n−1}) + A(m′ − b) = 0.
 * The first is solved as G_n = K(P) := I − (β/α)(I − G_{n−1}) + (A − P⁻¹)/(2α), i.e. the
 * fixed point P ← K⁻¹Σ_nK⁻¹ (G_n P G_n = Σ_n), which contracts by about β/α = ω²/(1 + ω)².
 */
export function ouBdf2Step(
  A: Matrix,
  b: Float64Array,
  a: number,
  g: Pick<Gaussian, "mean" | "cov">,
  previous: Pick<Gaussian, "mean" | "cov">,
  aPrev = a,
): Gaussian {
  const d = b.length;
  const w = a / aPrev;
  const diff = (1 + 2 * w) / (2 * a * (1 + w));
  const alpha = (diff * (1 + w) ** 2) / (1 + 2 * w);
  const beta = alpha - diff;
  const I = identity(d);
  const Ab = matvec(A, b);
  const rhs = Float64Array.from(
    Ab,
    (v, i) => v + 2 * alpha * g.mean[i] - 2 * beta * previous.mean[i],
  );
  const mean = choleskySolve(cholesky(axpby(A, 1, I, 2 * (alpha - beta))), rhs);
  let P = symmetrize(g.cov);
  for (let iteration = 0; iteration < 500; iteration++) {
    const Gprev = gaussianMapMatrix(P, previous.cov);
    const K = symmetrize(
      axpby(
        axpby(I, 1, axpby(I, 1, Gprev, -1), -beta / alpha),
        1,
        axpby(A, 1, inverseSpd(P), -1),
        1 / (2 * alpha),
      ),
    );
    const Kinv = inverseSpd(K);
    const next = symmetrize(matmul(matmul(Kinv, g.cov), Kinv));
    let change = 0;
    for (let k = 0; k < next.data.length; k++)
      change = Math.max(change, Math.abs(next.data[k] - P.data[k]));
    P = next;
    if (change < 1e-14 * (1 + Math.max(...P.data.map(Math.abs)))) return gaussian({ mean, cov: P });
  }
  throw new NumericalError("the exact Gaussian BDF2 step did not converge; use a smaller step");
}

/** The time schemes of the JKO-type schemes (their `time` parameter). */
export type TimeScheme = "jko" | "midpoint" | "bdf2";

/**
 * The exact iterates of a time scheme with constant step a from a Gaussian, as k ↦ ρ_k
 * (cached; BDF2 takes a JKO first step, as the schemes do).
 */
export function ouIterates(
  A: Matrix,
  b: Float64Array,
  a: number,
  initial: Pick<Gaussian, "mean" | "cov">,
  time: TimeScheme = "jko",
): (k: number) => Gaussian {
  const iterates = [gaussian({ mean: initial.mean, cov: initial.cov })];
  return (k) => {
    while (iterates.length <= k) {
      const n = iterates.length - 1;
      const g = iterates[n];
      iterates.push(
        time === "midpoint"
          ? ouMidpointStep(A, b, a, g)
          : time === "bdf2" && n > 0
            ? ouBdf2Step(A, b, a, g, iterates[n - 1])
            : ouJkoStep(A, b, a, g),
      );
    }
    return iterates[k];
  };
}
