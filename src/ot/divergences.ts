/** Divergences between samples: Gaussian moment-matched KL, k-NN KL, KDE KL, MMD and energy distance. */
import { type Meter, partOf } from "../core/meter.js";
import { ConfigError } from "../core/errors.js";
import { particles } from "../measures/construct.js";
import { silvermanBandwidth } from "../measures/convert.js";
import { moments } from "../measures/moments.js";
import { type Cloud, sameDimension } from "./cloud.js";
import {
  type CrossKind,
  crossSums,
  gaussianPointScale,
  pairEnergySums,
} from "../kernels/pairSums.js";
import { klGaussian } from "./gaussian.js";

const asParticles = (c: Cloud) => particles(c.x, c.d, c.w);

function isUniform(c: Cloud): boolean {
  return c.w.every((w) => Math.abs(w - 1 / c.n) <= 1e-12 / c.n);
}

function requireUniform(c: Cloud, what: string): void {
  if (!isUniform(c))
    throw new ConfigError(
      `${what} is defined here for equally weighted samples`,
      "resample by the weights first",
    );
}

/** KL(N(m_a, S_a) ‖ N(m_b, S_b)) of the moment-matched Gaussians (the SymKL seed 001 reports is both ways). */
export function klGaussianFit(a: Cloud, b: Cloud): number {
  sameDimension(a, b);
  if (a.n <= a.d || b.n <= b.d)
    throw new ConfigError(`a Gaussian fit in d = ${a.d} needs more than ${a.d} points per cloud`);
  return klGaussian(moments(asParticles(a)), moments(asParticles(b)));
}

/** Distances from each point of `from` to its k-th nearest neighbour in `to` (skipping itself when `self`). */
function kthNeighbourDistances(
  from: Cloud,
  to: Cloud,
  k: number,
  self: boolean,
  meter?: Meter,
): Float64Array {
  const { d } = from;
  const out = new Float64Array(from.n);
  const best = new Float64Array(k); // the k smallest squared distances, kept sorted ascending
  for (let i = 0; i < from.n; i++) {
    best.fill(Infinity);
    for (let j = 0; j < to.n; j++) {
      if (self && j === i) continue;
      let s = 0;
      for (let a = 0; a < d; a++) {
        const diff = from.x[i * d + a] - to.x[j * d + a];
        s += diff * diff;
      }
      if (s < best[k - 1]) {
        let p = k - 1;
        while (p > 0 && best[p - 1] > s) {
          best[p] = best[p - 1];
          p--;
        }
        best[p] = s;
      }
    }
    out[i] = Math.sqrt(best[k - 1]);
    meter?.(i + 1, from.n);
  }
  return out;
}

/**
 * k-NN estimate of KL(P ‖ Q) (Wang, Kulkarni, Verdú 2009):
 * (d/n) Σ_i ln(ν_k(i)/ρ_k(i)) + ln(m/(n − 1)). Duplicate points make ρ_k zero: an error.
 */
export function klKnn(p: Cloud, q: Cloud, k = 5, meter?: Meter): number {
  sameDimension(p, q);
  requireUniform(p, "the k-NN KL estimate");
  requireUniform(q, "the k-NN KL estimate");
  if (!Number.isInteger(k) || k < 1)
    throw new ConfigError(`k must be a positive integer, got ${k}`);
  if (p.n <= k || q.n < k)
    throw new ConfigError(`the k-NN KL estimate needs more than k = ${k} points in each cloud`);
  const share = p.n / (p.n + q.n);
  const rho = kthNeighbourDistances(p, p, k, true, partOf(meter, 0, share));
  const nu = kthNeighbourDistances(p, q, k, false, partOf(meter, share, 1));
  let s = 0;
  for (let i = 0; i < p.n; i++) {
    if (rho[i] === 0)
      throw new ConfigError(
        `the k-NN KL estimate met ${k + 1} coincident points (point ${i})`,
        "remove duplicates or add a tiny jitter; or use symkl:gaussian",
      );
    s += Math.log(nu[i] / rho[i]);
  }
  return (p.d / p.n) * s + Math.log(q.n / (p.n - 1));
}

function gaussianKernelSum(c: Cloud, at: Float64Array, h: readonly number[], skip: number): number {
  const { d } = c;
  let norm = 1;
  for (const hk of h) norm *= hk * Math.sqrt(2 * Math.PI);
  let s = 0;
  for (let j = 0; j < c.n; j++) {
    if (j === skip) continue;
    let e = 0;
    for (let a = 0; a < d; a++) e += ((at[a] - c.x[j * d + a]) / h[a]) ** 2;
    s += c.w[j] * Math.exp(-0.5 * e);
  }
  return s / norm;
}

/** KL(P ‖ Q) ≈ (1/n) Σ_i [log p̂₋ᵢ(x_i) − log q̂(x_i)], Gaussian KDEs with Silverman's bandwidths (p̂ leave-one-out). */
export function klKde(p: Cloud, q: Cloud, meter?: Meter): number {
  sameDimension(p, q);
  requireUniform(p, "the KDE KL estimate");
  if (p.n < 3 || q.n < 2)
    throw new ConfigError("the KDE KL estimate needs at least 3 and 2 points");
  const hp = silvermanBandwidth(asParticles(p));
  const hq = silvermanBandwidth(asParticles(q));
  if (hp.some((h) => !(h > 0)) || hq.some((h) => !(h > 0)))
    throw new ConfigError("a cloud has zero spread on some axis; the KDE bandwidth would be 0");
  let s = 0;
  for (let i = 0; i < p.n; i++) {
    const at = p.x.subarray(i * p.d, (i + 1) * p.d);
    const pi = (gaussianKernelSum(p, at, hp, i) * p.n) / (p.n - 1);
    s += Math.log(pi) - Math.log(gaussianKernelSum(q, at, hq, -1));
    meter?.(i + 1, p.n);
  }
  return s / p.n;
}

/**
 * Σ_{i,j} k(x_i, y_j) over all pairs (or i ≠ j when self), k(r²) radial; with `weighted`,
 * Σ_{i,j} a_i b_j k(x_i, y_j) over all pairs, the diagonal included.
 */
function pairSum(
  a: Cloud,
  b: Cloud,
  kernel: (r2: number) => number,
  self: boolean,
  weighted = false,
  meter?: Meter,
): number {
  const { d } = a;
  const triangle = self && !weighted;
  let s = 0;
  let pairs = 0;
  for (let i = 0; i < a.n; i++) {
    for (let j = triangle ? i + 1 : 0; j < b.n; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const diff = a.x[i * d + k] - b.x[j * d + k];
        r2 += diff * diff;
      }
      s += weighted ? a.w[i] * b.w[j] * kernel(r2) : kernel(r2);
    }
    pairs += triangle ? b.n - i - 1 : b.n;
    meter?.(pairs, triangle ? (a.n * (a.n - 1)) / 2 : a.n * b.n);
  }
  return triangle ? 2 * s : s;
}

/**
 * A kernel that is factor·k(scale²·r²) for one of the WebAssembly sums' k (e^{−r²} or r):
 * its pair sums over unweighted clouds in d ≤ 3 run there.
 */
interface FastKernel {
  kind: CrossKind;
  scale: number;
  factor: number;
}

/**
 * pairSum by the WebAssembly sums, or null where they cannot run (the loop does). They run in
 * calls of a few rows of a, told to the meter as the pairs done; the calls are the same with
 * and without a meter, and so is the sum.
 */
function fastPairSum(
  fast: FastKernel,
  a: Cloud,
  b: Cloud,
  self: boolean,
  meter?: Meter,
): number | null {
  const { n, d } = a;
  if (self) {
    // the triangle's first `done` rows: each pair i < j once, standing for (i, j) and (j, i)
    const onRows = (done: number) => meter?.(done * n - (done * (done + 1)) / 2, (n * (n - 1)) / 2);
    const s = pairEnergySums(fast.kind, a.x, n, d, { scale: fast.scale, onRows });
    return s && 2 * fast.factor * s.sum;
  }
  const onRows = (done: number) => meter?.(done, n);
  const r = crossSums(fast.kind, a.x, n, b.x, b.n, d, { scale: fast.scale, onRows });
  if (!r) return null;
  let s = 0;
  for (const v of r.sums) s += v;
  return fast.factor * s;
}

/**
 * The unbiased discrepancy to a fixed sample b, whose self-term is computed once. A weighted a
 * (a grid's cells, weighted particles) is a quadrature of its measure rather than a sample, so
 * its self-term is the full weighted double sum — nothing to unbias.
 */
function unbiasedDiscrepancyTo(
  b: Cloud,
  kernel: (r2: number) => number,
  what: string,
  fast?: FastKernel,
): (a: Cloud, meter?: Meter) => number {
  requireUniform(b, what);
  if (b.n < 2) throw new ConfigError(`the unbiased ${what} needs at least 2 points per cloud`);
  /** pairSum, by the WebAssembly sums where they run. */
  const sum = (x: Cloud, y: Cloud, self: boolean, weighted: boolean, meter?: Meter): number => {
    const quick = fast && !weighted ? fastPairSum(fast, x, y, self, meter) : null;
    return quick ?? pairSum(x, y, kernel, self, weighted, meter);
  };
  let selfB: number | undefined; // once, at the first call, for every cloud compared with b
  return (a, meter) => {
    sameDimension(a, b);
    const weighted = !isUniform(a);
    if (!weighted && a.n < 2)
      throw new ConfigError(`the unbiased ${what} needs at least 2 points per cloud`);
    // Shares of the pair loops in the work: b·b (when still to do), a·a, a·b.
    const bb = selfB === undefined ? (b.n * b.n) / 2 : 0;
    const aa = weighted ? a.n * a.n : (a.n * a.n) / 2;
    const total = bb + aa + a.n * b.n;
    selfB ??= sum(b, b, true, false, partOf(meter, 0, bb / total)) / (b.n * (b.n - 1));
    const selfA = sum(a, a, true, weighted, partOf(meter, bb / total, (bb + aa) / total));
    const cross = sum(a, b, false, weighted, partOf(meter, (bb + aa) / total, 1));
    return weighted
      ? selfA + selfB - 2 * cross
      : selfA / (a.n * (a.n - 1)) + selfB - (2 * cross) / (a.n * b.n);
  };
}

/** Median of pairwise distances of the pooled sample (on at most 1000 points): the usual MMD bandwidth. */
export function medianBandwidth(a: Cloud, b: Cloud): number {
  const pts: Float64Array[] = [];
  for (const c of [a, b]) {
    const step = Math.max(1, Math.floor(c.n / 500));
    for (let i = 0; i < c.n; i += step) pts.push(c.x.subarray(i * c.d, (i + 1) * c.d));
  }
  const dists: number[] = [];
  for (let i = 0; i < pts.length; i++)
    for (let j = i + 1; j < pts.length; j++)
      dists.push(Math.hypot(...pts[i].map((v, k) => v - pts[j][k])));
  dists.sort((x, y) => x - y);
  return dists[Math.floor(dists.length / 2)] || 1;
}

/** Unbiased MMD² with the Gaussian kernel exp(−|x − y|²/(2σ²)); σ by the median heuristic unless given. */
export function mmdSquared(a: Cloud, b: Cloud, bandwidth?: number, meter?: Meter): number {
  const sigma = bandwidth ?? medianBandwidth(a, b);
  if (!(sigma > 0)) throw new ConfigError(`MMD bandwidth must be > 0, got ${sigma}`);
  const inv = 1 / (2 * sigma * sigma);
  return unbiasedDiscrepancyTo(b, (r2) => Math.exp(-r2 * inv), "MMD", {
    kind: "gauss",
    scale: gaussianPointScale(sigma),
    factor: 1,
  })(a, meter);
}

/** Unbiased energy distance 2E|X − Y| − E|X − X'| − E|Y − Y'| (the MMD of the kernel −|x − y|). */
export function energyDistance(a: Cloud, b: Cloud, meter?: Meter): number {
  return energyDistanceTo(b)(a, meter);
}

/** energyDistance(·, b) for many clouds against one reference (a metric along a run). */
export function energyDistanceTo(b: Cloud): (a: Cloud, meter?: Meter) => number {
  return unbiasedDiscrepancyTo(b, (r2) => -Math.sqrt(r2), "energy distance", {
    kind: "distance",
    scale: 1,
    factor: -1,
  });
}
