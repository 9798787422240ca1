/** Samplers driven by explicit keys. Element i of a stream never depends on its length. */
import { cholesky } from "../core/linalg.js";
import { type Matrix } from "../core/matrix.js";
import { ConfigError } from "../core/errors.js";
import { type Key } from "./key.js";
import { threefry2x32 } from "./threefry.js";

const TWO_POW_32 = 2 ** 32;
const TWO_POW_NEG_53 = 2 ** -53;

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 52)
    throw new ConfigError(`sample count must be a non-negative integer, got ${n}`);
}

/** n doubles uniform on the open interval (0, 1), 53 random bits each. */
export function uniform01(k: Key, n: number): Float64Array {
  assertCount(n);
  const out = new Float64Array(n);
  const w = new Uint32Array(2);
  for (let i = 0; i < n; i++) {
    threefry2x32(k[0], k[1], Math.floor(i / TWO_POW_32), i >>> 0, w);
    const bits = (w[0] >>> 5) * 67108864 + (w[1] >>> 6);
    out[i] = (bits + 0.5) * TWO_POW_NEG_53;
  }
  return out;
}

/** n doubles uniform on (lo, hi). */
export function uniform(k: Key, n: number, lo = 0, hi = 1): Float64Array {
  if (!(hi > lo)) throw new ConfigError(`uniform needs lo < hi, got [${lo}, ${hi}]`);
  const u = uniform01(k, n);
  for (let i = 0; i < n; i++) u[i] = lo + (hi - lo) * u[i];
  return u;
}

/** n standard normal doubles (Box–Muller on pairs of uniforms). */
export function normal(k: Key, n: number): Float64Array {
  assertCount(n);
  const pairs = Math.ceil(n / 2);
  const u = uniform01(k, 2 * pairs);
  const out = new Float64Array(n);
  for (let p = 0; p < pairs; p++) {
    const r = Math.sqrt(-2 * Math.log(u[2 * p]));
    const angle = 2 * Math.PI * u[2 * p + 1];
    out[2 * p] = r * Math.cos(angle);
    if (2 * p + 1 < n) out[2 * p + 1] = r * Math.sin(angle);
  }
  return out;
}

/** n rows of N(mean, cov), returned as an n×d row-major array. */
export function multivariateNormal(
  k: Key,
  n: number,
  mean: ArrayLike<number>,
  cov: Matrix,
): Float64Array {
  const d = mean.length;
  if (cov.rows !== d || cov.cols !== d)
    throw new ConfigError(`covariance is ${cov.rows}×${cov.cols}, mean has ${d} entries`);
  const l = cholesky(cov);
  const z = normal(k, n * d);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      let s = mean[a];
      for (let b = 0; b <= a; b++) s += l.data[a * d + b] * z[i * d + b];
      x[i * d + a] = s;
    }
  return x;
}
