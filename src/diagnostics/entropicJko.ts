/**
 * The entropic JKO step of a centred Gaussian under F = λ∫|x|²/2 dρ + β∫ρ log ρ, one axis at a
 * time (the problem splits over axes for diagonal covariances). Among Gaussian couplings of
 * N(0, a) and N(0, s) with covariance c, the step minimises
 *   a + s − 2c − (ε/2) log(as − c²) + 2τ(λs/2 − (β/2) log s),
 * whose stationarity in c gives c = (√(ε² + 16as) − ε)/4 and in s
 *   1 − εa/(2(as − c²)) + τλ − τβ/s = 0,
 * increasing in s: bisection. As ε → 0, c → √(as) and it becomes the JKO recursion
 * 1 − √(a/s) + τλ − τβ/s = 0.
 */
export function entropicJkoGaussianVariance(
  a: number,
  { tau, epsilon, lambda, beta }: { tau: number; epsilon: number; lambda: number; beta: number },
): number {
  const stationarity = (s: number): number => {
    const c = (Math.sqrt(epsilon * epsilon + 16 * a * s) - epsilon) / 4;
    return 1 - (epsilon * a) / (2 * (a * s - c * c)) + tau * lambda - (tau * beta) / s;
  };
  let lo = 1e-12;
  let hi = Math.max(1, a) * 10 + 10 * tau * beta + epsilon;
  while (stationarity(hi) < 0) hi *= 2;
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (stationarity(mid) > 0) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}
