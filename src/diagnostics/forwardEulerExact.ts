/**
 * Seed 000's two counterexamples in closed form (see docs/seed000.md for the derivations).
 *
 * 1. ρ0 = N(0, 1), target ∝ e^{−x⁴/4}: one forward-Euler step is T(x) = (1+h)x − hx³, which
 *    folds at ±x*, x* = √((1+h)/(3h)); the pushed density Σ_{T(x)=y} φ(x)/|T'(x)| has
 *    integrable blow-ups at the fold images ±y*, y* = (2/3)(1+h)x*.
 * 2. ρ0 ∝ e^{−Huber(x)}, target N(0, 1): forward Euler leaves [−1, 1] fixed and maps each
 *    tail m·a·e^{−a(z−b)} (z > b) affinely, a ← a/(1−h), b ← (1−h)b + ha: the density
 *    jumps at ±b, gaps (1, b) open, the tails steepen without bound and KL diverges.
 */
import { ConfigError } from "../core/errors.js";
import { normalCdf, normalPdf, normalQuantile } from "../core/special.js";

export interface FoldedPush {
  h: number;
  /** Where T' = 0 (labels) and their images. */
  foldLabel: number;
  foldImage: number;
  /** N(0,1) mass at labels |x| > x*: the part that the fold sends back over itself. */
  massBeyond: number;
  map(x: number): number;
  /** The density of T#N(0, 1) (three pre-images inside (−y*, y*), one outside). */
  pdf(y: number): number;
}

export function foldedPush(h: number): FoldedPush {
  if (!(h > 0)) throw new ConfigError(`the step must be > 0, got ${h}`);
  const map = (x: number) => (1 + h) * x - h * x ** 3;
  const slope = (x: number) => 1 + h - 3 * h * x * x;
  const xs = Math.sqrt((1 + h) / (3 * h));
  const ys = map(xs);
  // T is monotone on (−∞, −x*), (−x*, x*), (x*, ∞): one bisection per piece that reaches y.
  const root = (y: number, lo: number, hi: number, increasing: boolean): number => {
    for (let it = 0; it < 200; it++) {
      const mid = 0.5 * (lo + hi);
      if (map(mid) < y === increasing) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  const far = (y: number) => Math.max(2 * xs, Math.cbrt(Math.abs(y) / h) + 2 * xs);
  const pdf = (y: number): number => {
    const roots: number[] = [];
    if (Math.abs(y) < ys) roots.push(root(y, -xs, xs, true));
    if (y < ys) roots.push(root(y, xs, far(y), false));
    if (y > -ys) roots.push(root(y, -far(y), -xs, false));
    return roots.reduce((s, x) => s + normalPdf(x) / Math.abs(slope(x)), 0);
  };
  return { h, foldLabel: xs, foldImage: ys, massBeyond: 2 * (1 - normalCdf(xs)), map, pdf };
}

export interface HuberIterates {
  /** Tail parameters after k steps: density m·a·e^{−a(|z|−b)} for |z| > b. */
  tail(k: number): { a: number; b: number };
  pdf(k: number, z: number): number;
  /** KL(ρ_k ‖ N(0, 1)) in closed form. */
  kl(k: number): number;
  /** Mass of [−1, 1] and of each tail. */
  innerMass: number;
  tailMass: number;
  /** log ρ0 up to a constant: −Huber(x). */
  logDensity0(x: number): number;
  /** The quantile function of ρ0 in closed form (smooth to rounding, for quantile meshes). */
  quantile0(s: number): number;
}

export function huberIterates(h: number): HuberIterates {
  if (!(h > 0 && h < 1))
    throw new ConfigError(`the Huber example needs a step in (0, 1), got ${h}`);
  const inner = Math.sqrt(2 * Math.PI) * (2 * normalCdf(1) - 1);
  const z = inner + 2 * Math.exp(-0.5);
  const innerMass = inner / z;
  const tailMass = Math.exp(-0.5) / z;
  const tails = [{ a: 1, b: 1 }];
  const tail = (k: number) => {
    while (tails.length <= k) {
      const { a, b } = tails[tails.length - 1];
      tails.push({ a: a / (1 - h), b: (1 - h) * b + h * a });
    }
    return tails[k];
  };
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  return {
    tail,
    innerMass,
    tailMass,
    pdf(k, x) {
      const ax = Math.abs(x);
      if (ax <= 1) return Math.exp(-0.5 * x * x) / z;
      const { a, b } = tail(k);
      return ax > b ? tailMass * a * Math.exp(-a * (ax - b)) : 0;
    },
    kl(k) {
      const { a, b } = tail(k);
      // inner: ∫ρ0(log ρ0 − log φ) over [−1, 1] = m_in(½log 2π − log Z); each tail:
      // m[log(ma) − 1 + ½log 2π + ½E z²], E z² = b² + 2b/a + 2/a² for z = b + Exp(a).
      const innerPart = innerMass * (halfLog2Pi - Math.log(z));
      const tailPart =
        tailMass *
        (Math.log(tailMass * a) - 1 + halfLog2Pi + 0.5 * (b * b + (2 * b) / a + 2 / (a * a)));
      return innerPart + 2 * tailPart;
    },
    logDensity0: (x) => (Math.abs(x) <= 1 ? -0.5 * x * x : -(Math.abs(x) - 0.5)),
    // CDF: m·e^{x+1} below −1, then m + (Φ(x) − Φ(−1))√(2π)/Z on [−1, 1], symmetric above.
    quantile0(s) {
      if (s > 0.5) return -this.quantile0(1 - s);
      if (s <= tailMass) return Math.log(s / tailMass) - 1;
      return normalQuantile(normalCdf(-1) + ((s - tailMass) * z) / Math.sqrt(2 * Math.PI));
    },
  };
}
