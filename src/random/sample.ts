/**
 * Samplers driven by explicit keys. Element i of a stream never depends on its length. The
 * uniforms' bits come from Threefry in WebAssembly (assembly/threefry.ts, four counters at
 * once) where the engine has SIMD, else from src/random/threefry.ts: the same values either way.
 * Box–Muller stays here, on the engine's own Math.log, cos and sin, so that every draw is what
 * it always was.
 */
import { cholesky } from "../core/linalg.js";
import { type Matrix } from "../core/matrix.js";
import { ConfigError } from "../core/errors.js";
import { instantiateEmbedded } from "../core/wasm.js";
import { type Key } from "./key.js";
import { threefry2x32 } from "./threefry.js";
import { threefryWasmBase64 } from "./threefryWasm.generated.js";

const TWO_POW_32 = 2 ** 32;
const TWO_POW_NEG_53 = 2 ** -53;
/** Uniforms per call into the WebAssembly kernel (its scratch: one 64 KiB page). */
const CHUNK = 8192;

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 52)
    throw new ConfigError(`sample count must be a non-negative integer, got ${n}`);
}

function checkOut(out: Float64Array | undefined, n: number): Float64Array {
  if (!out) return new Float64Array(n);
  if (out.length !== n)
    throw new ConfigError(`the sample array holds ${out.length} values, expected ${n}`);
  return out;
}

interface ThreefryKernels {
  memory: WebAssembly.Memory;
  uniforms(k0: number, k1: number, hi: number, lo: number, n: number, out: number): void;
}

interface Threefry {
  kernels: ThreefryKernels;
  /** The scratch's offset in the kernel's memory, and a view of it. */
  at: number;
  view: Float64Array;
}

/** The kernel with its scratch (made on first use), or null without WebAssembly SIMD. */
let threefry: Threefry | null | undefined;
function threefryKernel(): Threefry | null {
  if (threefry !== undefined) return threefry;
  try {
    const kernels = instantiateEmbedded<ThreefryKernels>(threefryWasmBase64, "threefry kernel");
    const at = kernels.memory.buffer.byteLength;
    kernels.memory.grow(1);
    threefry = { kernels, at, view: new Float64Array(kernels.memory.buffer, at, CHUNK) };
  } catch {
    threefry = null;
  }
  return threefry;
}

const words = new Uint32Array(2);
const fallbackScratch = new Float64Array(CHUNK);

/**
 * Uniforms i … i + length − 1 of stream k (length ≤ CHUNK, the low counter word not wrapping),
 * in a scratch view that the next call overwrites.
 */
function uniformChunk(k: Key, i: number, length: number): Float64Array {
  const hi = Math.floor(i / TWO_POW_32);
  const lo = i >>> 0;
  const wasm = threefryKernel();
  if (wasm) {
    wasm.kernels.uniforms(k[0], k[1], hi, lo, length, wasm.at);
    return wasm.view;
  }
  for (let j = 0; j < length; j++) {
    threefry2x32(k[0], k[1], hi, lo + j, words);
    const bits = (words[0] >>> 5) * 67108864 + (words[1] >>> 6);
    fallbackScratch[j] = (bits + 0.5) * TWO_POW_NEG_53;
  }
  return fallbackScratch;
}

/** How many uniforms from index i go in one chunk: at most CHUNK, not across a multiple of 2^32. */
const chunkLength = (i: number, remaining: number): number =>
  Math.min(CHUNK, remaining, TWO_POW_32 - (i >>> 0));

/** n doubles uniform on the open interval (0, 1), 53 random bits each (into `out` when given). */
export function uniform01(k: Key, n: number, out?: Float64Array): Float64Array {
  assertCount(n);
  const u = checkOut(out, n);
  for (let i = 0; i < n;) {
    const length = chunkLength(i, n - i);
    const v = uniformChunk(k, i, length);
    for (let j = 0; j < length; j++) u[i + j] = v[j];
    i += length;
  }
  return u;
}

/** n doubles uniform on (lo, hi). */
export function uniform(k: Key, n: number, lo = 0, hi = 1): Float64Array {
  if (!(hi > lo)) throw new ConfigError(`uniform needs lo < hi, got [${lo}, ${hi}]`);
  const u = uniform01(k, n);
  for (let i = 0; i < n; i++) u[i] = lo + (hi - lo) * u[i];
  return u;
}

/** n standard normal doubles (Box–Muller on pairs of uniforms; into `out` when given). */
export function normal(k: Key, n: number, out?: Float64Array): Float64Array {
  assertCount(n);
  const z = checkOut(out, n);
  const count = 2 * Math.ceil(n / 2);
  // chunks start at even indices and have even lengths (CHUNK and 2^32 are even): no pair is split
  for (let i = 0; i < count;) {
    const length = chunkLength(i, count - i);
    const u = uniformChunk(k, i, length);
    for (let j = 0; j < length; j += 2) {
      const r = Math.sqrt(-2 * Math.log(u[j]));
      const angle = 2 * Math.PI * u[j + 1];
      z[i + j] = r * Math.cos(angle);
      if (i + j + 1 < n) z[i + j + 1] = r * Math.sin(angle);
    }
    i += length;
  }
  return z;
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
