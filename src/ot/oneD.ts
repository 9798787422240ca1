/** Exact distances between 1D weighted samples: W2 by quantiles, KS, and histogram TV. */
import { ConfigError } from "../core/errors.js";
import { normalPdf, normalQuantile } from "../core/special.js";
import type { Cloud } from "./cloud.js";

function sortedWithWeights(c: Cloud): { x: Float64Array; w: Float64Array } {
  if (c.d !== 1)
    throw new ConfigError(`1D distances need 1D points, got d = ${c.d}`, "use sliced or exact W2");
  const order = Array.from({ length: c.n }, (_, i) => i).sort((i, j) => c.x[i] - c.x[j]);
  return { x: Float64Array.from(order, (i) => c.x[i]), w: Float64Array.from(order, (i) => c.w[i]) };
}

/**
 * W2² = ∫₀¹ |Q_a(s) − Q_b(s)|² ds, exact for weighted atoms: the monotone coupling
 * walks both sorted lists, matching mass level by level (O((n + m) log(n + m))).
 */
export function w2Squared1d(a: Cloud, b: Cloud): number {
  const p = sortedWithWeights(a);
  const q = sortedWithWeights(b);
  let i = 0;
  let j = 0;
  let leftP = p.w[0];
  let leftQ = q.w[0];
  let total = 0;
  while (i < p.x.length && j < q.x.length) {
    const mass = Math.min(leftP, leftQ);
    total += mass * (p.x[i] - q.x[j]) ** 2;
    leftP -= mass;
    leftQ -= mass;
    if (leftP <= 1e-15 && i < p.x.length) leftP = p.w[++i] ?? 0;
    if (leftQ <= 1e-15 && j < q.x.length) leftQ = q.w[++j] ?? 0;
  }
  return total;
}

/** sup_x |F_a(x) − F_b(x)| for weighted samples. */
export function ks1d(a: Cloud, b: Cloud): number {
  const p = sortedWithWeights(a);
  const q = sortedWithWeights(b);
  let i = 0;
  let j = 0;
  let fa = 0;
  let fb = 0;
  let sup = 0;
  while (i < p.x.length || j < q.x.length) {
    const x = Math.min(i < p.x.length ? p.x[i] : Infinity, j < q.x.length ? q.x[j] : Infinity);
    while (i < p.x.length && p.x[i] === x) fa += p.w[i++];
    while (j < q.x.length && q.x[j] === x) fb += q.w[j++];
    sup = Math.max(sup, Math.abs(fa - fb));
  }
  return sup;
}

/**
 * Total variation ½Σ|p_k − q_k| between histograms on common bins: Freedman–Diaconis
 * width from the pooled sample unless `bins` is given. (Between the empirical measures
 * themselves TV is 1 whenever the atoms differ, which says nothing.)
 */
export function tvHistogram1d(a: Cloud, b: Cloud, bins?: number): number {
  const p = sortedWithWeights(a);
  const q = sortedWithWeights(b);
  const lo = Math.min(p.x[0], q.x[0]);
  const hi = Math.max(p.x[p.x.length - 1], q.x[q.x.length - 1]);
  if (hi === lo) return 0;
  let count = bins;
  if (count === undefined) {
    const pooled = Float64Array.from([...p.x, ...q.x]).sort();
    const iqr =
      pooled[Math.floor(0.75 * (pooled.length - 1))] -
      pooled[Math.floor(0.25 * (pooled.length - 1))];
    const width = 2 * iqr * pooled.length ** (-1 / 3);
    count = width > 0 ? Math.min(10_000, Math.max(1, Math.ceil((hi - lo) / width))) : 1;
  }
  const hp = new Float64Array(count);
  const hq = new Float64Array(count);
  const bin = (x: number) => Math.min(count - 1, Math.floor(((x - lo) / (hi - lo)) * count));
  p.x.forEach((x, k) => (hp[bin(x)] += p.w[k]));
  q.x.forEach((x, k) => (hq[bin(x)] += q.w[k]));
  let tv = 0;
  for (let k = 0; k < count; k++) tv += Math.abs(hp[k] - hq[k]);
  return tv / 2;
}

/**
 * Exact W2 between 1D samples (equal weights) and N(m, s²): the quantile coupling, with the
 * Gaussian's partial moments over each level interval [i/n, (i+1)/n] in closed form
 * (∫Q = m·Δ − s·Δφ(z), ∫Q² = (m² + s²)Δ − 2ms·Δφ(z) − s²·Δ(zφ(z)), z = Φ⁻¹(u)).
 */
export function w2ToGaussian1d(samples: ArrayLike<number>, m: number, s: number): number {
  if (!(s > 0)) throw new ConfigError(`the Gaussian's standard deviation must be > 0, got ${s}`);
  const x = Float64Array.from(samples).sort();
  const n = x.length;
  const at = (u: number): [number, number] => {
    if (u <= 0 || u >= 1) return [0, 0];
    const z = normalQuantile(u);
    const phi = normalPdf(z);
    return [phi, z * phi];
  };
  let total = 0;
  let [phiA, zphiA] = at(0);
  for (let i = 0; i < n; i++) {
    const [phiB, zphiB] = at((i + 1) / n);
    const first = m / n - s * (phiB - phiA);
    const second = (m * m + s * s) / n - 2 * m * s * (phiB - phiA) - s * s * (zphiB - zphiA);
    total += (x[i] * x[i]) / n - 2 * x[i] * first + second;
    [phiA, zphiA] = [phiB, zphiB];
  }
  return Math.sqrt(Math.max(0, total));
}
